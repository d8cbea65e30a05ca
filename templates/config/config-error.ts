/** One thing wrong with the config: where (a field path such as `services[2].port`) and why. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

/** Thrown when the config is invalid; `definePlatform` prints it and exits 1 before writing anything. */
export class InvalidConfigError extends Error {
  readonly issues: readonly ConfigIssue[];

  constructor(issues: readonly ConfigIssue[]) {
    super(formatConfigIssues(issues));
    this.name = 'InvalidConfigError';
    this.issues = issues;
  }
}

export function formatConfigIssues(issues: readonly ConfigIssue[]): string {
  const lines = issues.map((issue) => `  ${issue.path}: ${issue.message}`);
  const count = issues.length === 1 ? '1 problem' : `${issues.length} problems`;
  return [`Invalid platform config in .projenrc.ts (${count}); nothing was written:`, ...lines].join('\n');
}
