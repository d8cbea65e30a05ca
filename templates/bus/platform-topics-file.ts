import { Component } from 'projen';
import type { Project } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import { SOURCE_CONDITION } from '../workspace/workspace-package.js';
import type { WorkspacePackage } from '../workspace/workspace-package.js';
import { renderPlatformTopics } from './render-platform-topics.js';

export interface PlatformTopicsFileOptions {
  readonly platform: ResolvedPlatformConfig;
  /** The workspace whose bus adapters read the catalogue (`packages/runtime`). */
  readonly runtime: WorkspacePackage;
}

/**
 * The bus topic catalogue, generated into the runtime library so every service shares one copy,
 * and `npm run bus:dead-letters`, which lists and replays dead letters of those topics
 * (docs/runbooks/dead-letter-topics.md).
 */
export class PlatformTopicsFile extends Component {
  /** Path of the generated file relative to the repository root. */
  readonly path: string;

  constructor(project: Project, options: PlatformTopicsFileOptions) {
    super(project, 'platform-topics');
    this.path = `${options.runtime.dir}/src/generated/platform-topics.ts`;
    new GeneratedTextFile(project, this.path, {
      comment: '//',
      render: () => renderPlatformTopics(options.platform.bus),
    });
    project.addTask('bus:dead-letters', {
      description: 'List or replay dead-lettered bus messages: npm run bus:dead-letters -- list <topic>',
      exec: `tsx --conditions=${SOURCE_CONDITION} ${options.runtime.dir}/src/bus/dead-letter-cli.ts`,
      receiveArgs: true,
    });
  }
}
