import { z } from 'zod';
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
