/** The parts of the GitHub Actions workflow syntax the generated workflows use. */
export interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly permissions: Record<string, 'read' | 'write' | 'none'>;
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress': boolean | string };
  readonly env?: Record<string, string>;
  readonly jobs: Record<string, WorkflowJob>;
}

export interface WorkflowJob {
  readonly name?: string;
  readonly if?: string;
  readonly needs?: string | readonly string[];
  readonly 'runs-on': string;
  readonly 'timeout-minutes': number;
  /** Least privilege: every job states what its token may do. */
  readonly permissions: Record<string, 'read' | 'write' | 'none'>;
  readonly environment?: string | { readonly name: string; readonly url?: string };
  readonly concurrency?: { readonly group: string; readonly 'cancel-in-progress': boolean };
  readonly strategy?: Record<string, unknown>;
  readonly outputs?: Record<string, string>;
  readonly env?: Record<string, string>;
  readonly steps: readonly WorkflowStep[];
}

export interface WorkflowStep {
  readonly name?: string;
  readonly id?: string;
  readonly if?: string;
  readonly uses?: string;
  readonly with?: Record<string, string | number | boolean>;
  readonly run?: string;
  readonly env?: Record<string, string>;
  readonly shell?: string;
  readonly 'working-directory'?: string;
  readonly 'continue-on-error'?: boolean;
}
