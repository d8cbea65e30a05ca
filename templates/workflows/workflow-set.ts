import { Component } from 'projen';
import type { javascript } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { VERSIONS } from '../versions.js';
import { renderCiWorkflow } from './ci-workflow.js';
import { renderDeployWorkflow } from './deploy-workflow.js';
import { renderIntegrationWorkflow } from './integration-workflow.js';
import { renderJanitorWorkflow } from './janitor-workflow.js';
import { renderLoadWorkflow } from './load-workflow.js';
import { renderPreviewWorkflow } from './preview-workflow.js';
import { WorkflowFile } from './workflow-file.js';
import type { Workflow } from './workflow-types.js';

export interface WorkflowSetOptions {
  readonly platform: ResolvedPlatformConfig;
}

/**
 * `.github/workflows/`: ci, integration, load, preview, janitor and deploy, each rendered by its
 * own pure function of the config (`render<Name>Workflow`), plus the `workflows:lint` task that
 * runs actionlint over all of them. `addWorkflow` adds one more before synthesis.
 */
export class WorkflowSet extends Component {
  static of(project: javascript.NodeProject): WorkflowSet | undefined {
    return project.components.find((c): c is WorkflowSet => c instanceof WorkflowSet);
  }

  private readonly names: string[] = [];

  constructor(project: javascript.NodeProject, options: WorkflowSetOptions) {
    super(project, 'workflow-set');
    const { platform } = options;
    this.addWorkflow('ci', renderCiWorkflow);
    this.addWorkflow('integration', renderIntegrationWorkflow);
    this.addWorkflow('load', () => renderLoadWorkflow(platform));
    this.addWorkflow('preview', () => renderPreviewWorkflow(platform));
    this.addWorkflow('janitor', () => renderJanitorWorkflow(platform));
    this.addWorkflow('deploy', () => renderDeployWorkflow(platform));

    project.addTask('workflows:lint', {
      description: 'actionlint (installed with Go on first use) over every workflow in .github/workflows',
      exec: 'bash scripts/proofs/actionlint.sh',
      env: { ACTIONLINT_VERSION: VERSIONS.actionlint },
      receiveArgs: true,
    });
  }

  /** Adds `.github/workflows/<name>.yml`, rendered when the project synthesizes. */
  addWorkflow(name: string, render: () => Workflow): void {
    new WorkflowFile(this.project, name, render);
    this.names.push(name);
  }

  /** The workflow names, in the order they were added. */
  get workflowNames(): readonly string[] {
    return [...this.names];
  }
}
