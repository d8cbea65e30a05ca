import { z } from 'zod';
import type { AccountSnapshot } from '../portfolio/account.js';
import { amount, header, id, timestamp } from './primitives.js';

const positionFields = {
  instrumentId: id,
  quantity: z.number(),
  averagePrice: z.number().nonnegative(),
  markPrice: z.number().nonnegative(),
  realizedPnl: amount,
  unrealizedPnl: amount,
  fees: amount,
};

export const positionSnapshotSchema = z.object({
  ...header('position.snapshot'),
  accountId: id,
  ts: timestamp,
  ...positionFields,
});
export type PositionSnapshotMessage = z.infer<typeof positionSnapshotSchema>;

export const accountSnapshotSchema = z.object({
  ...header('account.snapshot'),
  accountId: id,
  ts: timestamp,
  currency: z.string().min(1),
  cash: amount,
  equity: amount,
  realizedPnl: amount,
  unrealizedPnl: amount,
  fees: amount,
  grossExposure: z.number().nonnegative(),
  positions: z.array(z.object(positionFields)),
});
export type AccountSnapshotMessage = z.infer<typeof accountSnapshotSchema>;

/** The bus message for an account snapshot (and its positions). */
export function toAccountSnapshotMessage(accountId: string, snapshot: AccountSnapshot): AccountSnapshotMessage {
  return {
    type: 'account.snapshot',
    version: 1,
    accountId,
    ...snapshot,
    positions: snapshot.positions.map((position) => ({ ...position })),
  };
}

/** One bus message per position of an account snapshot. */
export function toPositionSnapshotMessages(accountId: string, snapshot: AccountSnapshot): PositionSnapshotMessage[] {
  return snapshot.positions.map((position) => ({
    type: 'position.snapshot',
    version: 1,
    accountId,
    ts: snapshot.ts,
    ...position,
  }));
}
