import { describe, expect, it } from 'vitest';
import { judgeFindings, parseSkipList, stackOf } from '../scripts/checkov-results.js';
import type { CheckovFinding, StackKind } from '../scripts/checkov-results.js';
import { expiry } from '../src/environment-stack.js';
import { cidrSubnet, secretEnvName, shorten } from '../src/naming.js';

describe('naming', () => {
  it('carves subnets like Terraform cidrsubnet', () => {
    expect(cidrSubnet('10.0.0.0/16', 4, 0)).toBe('10.0.0.0/20');
    expect(cidrSubnet('10.0.0.0/16', 4, 9)).toBe('10.0.144.0/20');
    expect(cidrSubnet('172.16.0.0/20', 4, 15)).toBe('172.16.15.0/24');
    expect(() => cidrSubnet('10.0.0.0/16', 4, 16)).toThrow(/does not fit/);
  });

  it('shortens long names with a stable hash, leaving short ones alone', () => {
    expect(shorten('tradeforge-dev-alb', 32)).toBe('tradeforge-dev-alb');
    const long = shorten('a-very-long-platform-name-pr-123456-alb', 32);
    expect(long).toHaveLength(32);
    expect(long).toBe(shorten('a-very-long-platform-name-pr-123456-alb', 32));
    expect(long).not.toBe(shorten('a-very-long-platform-name-pr-123457-alb', 32));
  });

  it('maps secret names to environment variables as the runtime reads them', () => {
    expect(secretEnvName('binance-api-key')).toBe('BINANCE_API_KEY');
  });

  it('sets an ephemeral expiry on the hour after the TTL', () => {
    expect(expiry(new Date('2026-01-15T10:59:59Z'), 72)).toBe('2026-01-18T10:00:00Z');
  });
});

describe('checkov skip list', () => {
  const rules = parseSkipList(
    [
      '# comment',
      'CKV_AWS_157  development,ephemeral  Multi-AZ only in production',
      'CKV2_AWS_57 all  rotated at the venue',
    ].join('\n'),
  );
  const finding = (check_id: string, stack: string): CheckovFinding => ({
    check_id,
    check_name: check_id,
    resource: 'aws_db_instance.x',
    file_path: `/${stack}/cdk.tf.json`,
  });
  const kinds: Record<string, StackKind> = { dev: 'development', prod: 'production', 'pr-1': 'ephemeral' };

  it('parses check, kinds and reason', () => {
    expect(rules.map((r) => [r.checkId, [...r.kinds].length, r.reason])).toEqual([
      ['CKV_AWS_157', 2, 'Multi-AZ only in production'],
      ['CKV2_AWS_57', 5, 'rotated at the venue'],
    ]);
  });

  it('refuses a skip without a reason, or with an unknown kind', () => {
    expect(() => parseSkipList('CKV_AWS_1 all')).toThrow(/expected "<check id> <kinds> <reason>"/);
    expect(() => parseSkipList('CKV_AWS_1 prodution typo')).toThrow(/unknown stack kind "prodution"/);
  });

  it('skips a finding only for the kinds listed, and reports unused skips', () => {
    const verdict = judgeFindings(
      [finding('CKV_AWS_157', 'dev'), finding('CKV_AWS_157', 'prod'), finding('CKV_AWS_999', 'pr-1')],
      rules,
      (stack) => kinds[stack]!,
    );
    expect(verdict.skipped.map((f) => f.stack)).toEqual(['dev']);
    expect(verdict.failed.map((f) => `${f.check_id}@${f.stack}`)).toEqual(['CKV_AWS_157@prod', 'CKV_AWS_999@pr-1']);
    expect(verdict.unused.map((r) => r.checkId)).toEqual(['CKV2_AWS_57']);
    expect(stackOf('/work/infra/cdktf.out/stacks/staging/cdk.tf.json')).toBe('staging');
  });
});
