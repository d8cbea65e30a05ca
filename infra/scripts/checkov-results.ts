// Pure part of the security scan: the skip list and how checkov's findings are judged against it.

/** Kinds of stack a skip can apply to: the environment kinds, plus the state bootstrap stack. */
export const STACK_KINDS = ['development', 'staging', 'production', 'ephemeral', 'bootstrap'] as const;
export type StackKind = (typeof STACK_KINDS)[number];

export interface SkipRule {
  readonly checkId: string;
  readonly kinds: ReadonlySet<StackKind>;
  readonly reason: string;
  readonly line: number;
}

/**
 * Parses `checkov-skips.txt`: one skip per line, `<check id> <kinds> <reason>`, where kinds is
 * `all` or a comma-separated list of stack kinds. `#` starts a comment. A skip without a reason
 * is an error: every exception must say why.
 */
export function parseSkipList(text: string): SkipRule[] {
  const rules: SkipRule[] = [];
  text.split('\n').forEach((raw, index) => {
    const line = raw.replace(/#.*$/, '').trim();
    if (line === '') return;
    const match = /^(CKV2?_[A-Z0-9]+_\d+)\s+(\S+)\s+(.+)$/.exec(line);
    if (match === null) {
      throw new Error(
        `checkov-skips.txt:${index + 1}: expected "<check id> <kinds> <reason>", e.g. "CKV_AWS_157 development,ephemeral Multi-AZ only in production"; got ${JSON.stringify(raw)}`,
      );
    }
    const [, checkId = '', kindsText = '', reason = ''] = match;
    const kinds = kindsText === 'all' ? [...STACK_KINDS] : kindsText.split(',');
    for (const kind of kinds) {
      if (!(STACK_KINDS as readonly string[]).includes(kind)) {
        throw new Error(
          `checkov-skips.txt:${index + 1}: unknown stack kind "${kind}"; use "all" or some of ${STACK_KINDS.join(', ')}`,
        );
      }
    }
    rules.push({ checkId, kinds: new Set(kinds as StackKind[]), reason: reason.trim(), line: index + 1 });
  });
  return rules;
}

/** A failed check as checkov reports it (the fields used here). */
export interface CheckovFinding {
  readonly check_id: string;
  readonly check_name: string;
  readonly resource: string;
  readonly file_path: string;
  readonly guideline?: string | null;
}

export interface JudgedFinding extends CheckovFinding {
  readonly stack: string;
  readonly skippedBy?: SkipRule;
}

export interface ScanVerdict {
  readonly failed: JudgedFinding[];
  readonly skipped: JudgedFinding[];
  /** Skip rules that matched nothing: candidates for removal. */
  readonly unused: SkipRule[];
}

/** The stack a finding belongs to: the folder of its file (`/<stack>/cdk.tf.json`, relative to the scanned folder). */
export function stackOf(filePath: string): string {
  const match = /([^/]+)\/[^/]+\.tf\.json$/.exec(filePath);
  if (match?.[1] === undefined) throw new Error(`cannot tell the stack of ${filePath}`);
  return match[1];
}

/** Splits failed checks into real failures and those a skip rule covers for that stack's kind. */
export function judgeFindings(
  findings: readonly CheckovFinding[],
  rules: readonly SkipRule[],
  kindOf: (stack: string) => StackKind,
): ScanVerdict {
  const used = new Set<SkipRule>();
  const failed: JudgedFinding[] = [];
  const skipped: JudgedFinding[] = [];
  for (const finding of findings) {
    const stack = stackOf(finding.file_path);
    const kind = kindOf(stack);
    const rule = rules.find((r) => r.checkId === finding.check_id && r.kinds.has(kind));
    if (rule === undefined) failed.push({ ...finding, stack });
    else {
      used.add(rule);
      skipped.push({ ...finding, stack, skippedBy: rule });
    }
  }
  return { failed, skipped, unused: rules.filter((r) => !used.has(r)) };
}
