import { Component } from 'projen';
import type { Project } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import type { WorkspacePackage } from '../workspace/workspace-package.js';
import { renderPlatformTopics } from './render-platform-topics.js';

export interface PlatformTopicsFileOptions {
  readonly platform: ResolvedPlatformConfig;
  /** The workspace whose bus adapters read the catalogue (`packages/runtime`). */
  readonly runtime: WorkspacePackage;
}

/** The bus topic catalogue, generated into the runtime library so every service shares one copy. */
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
  }
}
