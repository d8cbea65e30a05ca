import { Component, JsonFile } from 'projen';
import type { javascript } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { VERSIONS } from '../versions.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import { renderDevContainerDockerfile } from './render-devcontainer-dockerfile.js';
import { renderDevContainerJson } from './render-devcontainer-json.js';
import { renderLaunchJson, renderTasksJson } from './render-vscode-launch.js';

/** The official TypeScript/Node dev container image of the Node major the platform targets. */
export const DEFAULT_DEVCONTAINER_BASE_IMAGE = `mcr.microsoft.com/devcontainers/typescript-node:${VERSIONS.nodeMajor}-bookworm`;

/** Host environment variable whose PEM text the dev container trusts as an extra CA (optional). */
export const EXTRA_CA_CERT_VARIABLE = 'DEVCONTAINER_EXTRA_CA_CERT';

export interface DevContainerOptions {
  readonly platform: ResolvedPlatformConfig;
  /**
   * Base image of `.devcontainer/Dockerfile` (the `BASE_IMAGE` build argument's default).
   * @default the official TypeScript/Node dev container image, `DEFAULT_DEVCONTAINER_BASE_IMAGE`
   */
  readonly baseImage?: string;
  /**
   * Smallest Codespaces machine the platform runs on (seven services, Docker and the test suites).
   * @default { cpus: 4, memory: "8gb", storage: "32gb" }
   */
  readonly hostRequirements?: { readonly cpus: number; readonly memory: string; readonly storage: string };
}

/**
 * The dev container a Codespaces contributor (or any devcontainer host) opens: the platform's
 * ports forwarded with labels, Docker inside for Testcontainers, dependencies installed and the
 * project regenerated on creation, the editor's extensions and settings, and a debug
 * configuration for every service. Writes `.devcontainer/devcontainer.json`,
 * `.devcontainer/Dockerfile`, `.vscode/launch.json` and `.vscode/tasks.json`; adds the
 * `devcontainer:validate` and `devcontainer:build` tasks that prove them.
 */
export class DevContainer extends Component {
  static of(project: javascript.NodeProject): DevContainer | undefined {
    return project.components.find((c): c is DevContainer => c instanceof DevContainer);
  }

  private readonly features: Record<string, Record<string, unknown>> = {
    // Testcontainers and the compose stack need a Docker engine inside the container.
    'ghcr.io/devcontainers/features/docker-in-docker:2': { moby: true },
    // `npm run infra:diff|deploy` drive Terraform with AWS credentials (docs/deploy-aws.md).
    'ghcr.io/devcontainers/features/aws-cli:1': {},
    'ghcr.io/devcontainers/features/terraform:1': {},
  };
  private readonly extensions: string[] = [
    'dbaeumer.vscode-eslint',
    'esbenp.prettier-vscode',
    'vitest.explorer',
    'ms-azuretools.vscode-docker',
    'Prisma.prisma',
    'hashicorp.terraform',
    'github.vscode-github-actions',
    'redhat.vscode-yaml',
  ];

  constructor(project: javascript.NodeProject, options: DevContainerOptions) {
    super(project, 'devcontainer');
    const { platform } = options;
    const baseImage = options.baseImage ?? DEFAULT_DEVCONTAINER_BASE_IMAGE;
    const hostRequirements = options.hostRequirements ?? { cpus: 4, memory: '8gb', storage: '32gb' };

    new JsonFile(project, '.devcontainer/devcontainer.json', {
      allowComments: true,
      newline: true,
      obj: () =>
        renderDevContainerJson({
          platform,
          features: this.features,
          extensions: this.extensions,
          settings: EDITOR_SETTINGS,
          hostRequirements,
          extraCaCertVariable: EXTRA_CA_CERT_VARIABLE,
        }),
    });
    new GeneratedTextFile(project, '.devcontainer/Dockerfile', {
      comment: '#',
      render: () => renderDevContainerDockerfile(baseImage),
    });
    new JsonFile(project, '.vscode/launch.json', {
      allowComments: true,
      newline: true,
      obj: () => renderLaunchJson(platform, ['packages/*']),
    });
    new JsonFile(project, '.vscode/tasks.json', {
      allowComments: true,
      newline: true,
      obj: () => renderTasksJson(platform),
    });

    project.addTask('devcontainer:validate', {
      description: 'Check devcontainer.json against the dev container schema and read it with @devcontainers/cli',
      exec: 'tsx scripts/proofs/validate-devcontainer.ts',
    });
    project.addTask('devcontainer:build', {
      description:
        'Build the dev container on a locally built base image and run a test smoke inside (EXTRA_CA_CERT_FILE=ca.pem optional)',
      exec: 'tsx scripts/proofs/devcontainer-build.ts',
      receiveArgs: true,
    });
  }

  /** Adds a dev container feature, e.g. `addFeature('ghcr.io/devcontainers/features/github-cli:1')`. */
  addFeature(reference: string, options: Record<string, unknown> = {}): void {
    this.features[reference] = options;
  }

  /** Recommends a VS Code extension by id. */
  addExtension(id: string): void {
    if (!this.extensions.includes(id)) this.extensions.push(id);
  }
}

/** The editor does what CI checks: ESLint's flat config, Prettier on save, the workspace's TypeScript. */
const EDITOR_SETTINGS: Readonly<Record<string, unknown>> = {
  'editor.formatOnSave': true,
  'editor.defaultFormatter': 'esbenp.prettier-vscode',
  'editor.codeActionsOnSave': { 'source.fixAll.eslint': 'explicit' },
  'eslint.useFlatConfig': true,
  'typescript.tsdk': 'node_modules/typescript/lib',
  'typescript.enablePromptUseWorkspaceTsdk': true,
  'files.exclude': { '**/dist': true, '**/*.tsbuildinfo': true },
  'search.exclude': { '**/dist': true, '**/cdktf.out': true, 'package-lock.json': true },
  'vitest.maximumConfigs': 30,
};
