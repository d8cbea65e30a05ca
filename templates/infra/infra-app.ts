import { Component, JsonFile } from 'projen';
import type { javascript } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { VERSIONS, pinned } from '../versions.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import { WorkspacePackage } from '../workspace/workspace-package.js';
import { renderPlatformSnapshot } from './render-platform-snapshot.js';

export interface InfraAppOptions {
  readonly platform: ResolvedPlatformConfig;
  /** Folder of the app, relative to the repository root. @default "infra" */
  readonly dir?: string;
}

/** Where `cdktn synth` writes one folder per stack (`stacks/<environment>/cdk.tf.json`). */
export const INFRA_SYNTH_OUTPUT = 'cdktf.out';

/**
 * The `infra` workspace: a CDK Terrain app with one Terraform stack per environment, built from
 * the same config as the services. Generated here: its package.json and tsconfig.json, the
 * config snapshot the stacks read (`src/generated/platform.ts`), `cdktf.json` (the CLI kept CDKTF's file name), and the root
 * tasks `infra:synth`, `infra:diff|deploy|destroy -- <environment>` and `infra:scan`. The stacks
 * themselves (`infra/src`), their tests and scripts are ordinary source files of the repository.
 */
export class InfraApp extends Component {
  static of(project: javascript.NodeProject): InfraApp | undefined {
    return project.components.find((c): c is InfraApp => c instanceof InfraApp);
  }

  readonly dir: string;
  readonly workspace: WorkspacePackage;

  constructor(project: javascript.NodeProject, options: InfraAppOptions) {
    super(project, 'infra-app');
    const { platform } = options;
    const dir = options.dir ?? 'infra';
    this.dir = dir;

    this.workspace = new WorkspacePackage(project, {
      dir,
      packageName: `@${platform.name}/infra`,
      description: `${platform.name}: Terraform stacks (CDK Terrain) for every environment`,
      kind: 'app',
      dependencies: pinned('cdktn', '@cdktn/provider-aws', '@cdktn/provider-random', 'constructs'),
      devDependencies: pinned('cdktn-cli'),
      scripts: { synth: 'tsx src/main.ts' },
    });
    new GeneratedTextFile(project, `${dir}/src/generated/platform.ts`, {
      comment: '//',
      render: () => renderPlatformSnapshot(platform),
    });
    new JsonFile(project, `${dir}/cdktf.json`, {
      newline: true,
      obj: {
        language: 'typescript',
        app: 'tsx src/main.ts',
        output: INFRA_SYNTH_OUTPUT,
        // Providers come prebuilt from npm (@cdktn/provider-*); nothing is generated at synth time.
        terraformProviders: [],
        terraformModules: [],
        context: {},
      },
    });
    project.gitignore.addPatterns(`/${dir}/${INFRA_SYNTH_OUTPUT}/`, `/${dir}/.terraform/`, '/.cache/');
    this.addTasks(project);
  }

  private addTasks(project: javascript.NodeProject): void {
    const cwd = this.dir;
    project.addTask('infra:synth', {
      description: 'Write the Terraform JSON of every environment (EPHEMERAL_ENV=pr-123 adds that one)',
      cwd,
      // The app itself, not `cdktn synth`: same output, no Terraform binary needed, seconds faster.
      exec: 'tsx src/main.ts',
    });
    for (const [command, description] of [
      ['diff', 'Show what a deploy would change in one environment: npm run infra:diff -- <environment>'],
      ['deploy', 'Deploy one environment with your AWS credentials: npm run infra:deploy -- <environment>'],
      ['destroy', 'Destroy one environment: npm run infra:destroy -- <environment>'],
    ] as const) {
      project.addTask(`infra:${command}`, {
        description,
        cwd,
        exec: `bash scripts/stack-command.sh ${command}`,
        receiveArgs: true,
      });
    }
    project.addTask('infra:scan', {
      description: 'Synthesize every environment and scan the Terraform with checkov (installed on first use)',
      cwd,
      exec: 'tsx scripts/checkov-scan.ts',
      env: { CHECKOV_VERSION: VERSIONS.checkov },
    });
  }
}
