/**
 * Every third-party action the workflows use, pinned to the full commit SHA of a release (a tag
 * can be moved; a commit cannot). The version is written next to each `uses:` as a comment, so a
 * reader and Dependabot see what the SHA is. Upgrading an action is one edit here.
 */
export const PINNED_ACTIONS = {
  checkout: { repo: 'actions/checkout', sha: '11bd71901bbe5b1630ceea73d27597364c9af683', version: 'v4.2.2' },
  setupNode: { repo: 'actions/setup-node', sha: '49933ea5288caeca8642d1e84afbd3f7d6820020', version: 'v4.4.0' },
  cache: { repo: 'actions/cache', sha: '5a3ec84eff668545956fd18022155c47e93e2684', version: 'v4.2.3' },
  uploadArtifact: {
    repo: 'actions/upload-artifact',
    sha: 'ea165f8d65b6e75b540449e92b4886f43607fa02',
    version: 'v4.6.2',
  },
  githubScript: { repo: 'actions/github-script', sha: '60a0d83039c74a4aee543508d2ffcb1c3799cdea', version: 'v7.0.1' },
  configureAwsCredentials: {
    repo: 'aws-actions/configure-aws-credentials',
    sha: 'b47578312673ae6fa5b5096b330d9fbac3d116df',
    version: 'v4.2.1',
  },
  amazonEcrLogin: {
    repo: 'aws-actions/amazon-ecr-login',
    sha: '062b18b96a7aff071d4dc91bc00c4c1a7945b076',
    version: 'v2.0.1',
  },
  setupBuildx: {
    repo: 'docker/setup-buildx-action',
    sha: 'b5ca514318bd6ebac0fb2aedd5d36ec1b5c232a2',
    version: 'v3.10.0',
  },
  buildPush: { repo: 'docker/build-push-action', sha: '263435318d21b8e681c14492fe198d362a7d2c83', version: 'v6.18.0' },
  setupTerraform: {
    repo: 'hashicorp/setup-terraform',
    sha: 'b9cd54a3c349d3f38e8881555d616ced269862dd',
    version: 'v3.1.2',
  },
  setupK6: { repo: 'grafana/setup-k6-action', sha: 'ffe7d7290dfa715e48c2ccc924d068444c94bde2', version: 'v1.1.0' },
} as const;

export type PinnedAction = keyof typeof PINNED_ACTIONS;

/** The `uses:` value of a pinned action: `owner/repo@<sha>`. */
export function action(name: PinnedAction): string {
  const { repo, sha } = PINNED_ACTIONS[name];
  return `${repo}@${sha}`;
}

/** Adds `# <version>` after every pinned `uses:` line of a rendered workflow. */
export function annotateActionVersions(yaml: string): string {
  const versions = new Map<string, string>(
    Object.values(PINNED_ACTIONS).map(({ repo, sha, version }) => [`${repo}@${sha}`, version]),
  );
  return yaml.replace(/^(\s*(?:- )?uses: )(\S+)$/gm, (line, prefix: string, ref: string) => {
    const version = versions.get(ref);
    return version === undefined ? line : `${prefix}${ref} # ${version}`;
  });
}
