/**
 * Values for the hand-written statements (order-statements.ts), in the text PostgreSQL parses,
 * chosen so a raw statement stores exactly what a Prisma model query stores for the same input.
 */

/**
 * A quantity or price as Prisma's query engine writes a JS number to a DECIMAL column: an
 * integer exactly, any other number rounded to 16 significant digits (Rust's `{:.15e}`), so
 * float noise such as 0.1 + 0.2 = 0.30000000000000004 is stored as 0.3.
 */
export function decimalText(value: number): string {
  return Number.isInteger(value) ? BigInt(value).toString() : value.toExponential(15);
}

/** Epoch milliseconds as a TIMESTAMPTZ(3) literal. */
export function timestampText(epochMs: number): string {
  return new Date(epochMs).toISOString();
}
