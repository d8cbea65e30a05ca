import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ORDER_TRANSITIONS, OrderTrigger, RETURN_TO_PREVIOUS } from '../src/model/order-state-machine.js';
import type { OrderStatus } from '../src/model/order-types.js';

const DOC = fileURLToPath(new URL('../../../docs/architecture/trading-core.md', import.meta.url));

describe('docs/architecture/trading-core.md', () => {
  it('shows exactly the transitions the state machine allows', () => {
    const rows = readFileSync(DOC, 'utf8')
      .split('\n')
      .filter((line) => /^\| [A-Z_]+ +\|/.test(line))
      .map((line) =>
        line
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      );
    const triggers = Object.values(OrderTrigger);
    const documented = new Map(rows.map(([status, ...cells]) => [status, cells]));
    for (const [status, transitions] of Object.entries(ORDER_TRANSITIONS) as [
      OrderStatus,
      Partial<Record<OrderTrigger, string>>,
    ][]) {
      if (Object.keys(transitions).length === 0) continue;
      const cells = documented.get(status);
      expect(cells, `row for ${status}`).toBeDefined();
      triggers.forEach((trigger, i) => {
        const target = transitions[trigger];
        expect(cells![i], `${status} --${trigger}-->`).toBe(
          target === undefined ? '' : target === RETURN_TO_PREVIOUS ? '(previous status)' : target,
        );
      });
    }
  });
});
