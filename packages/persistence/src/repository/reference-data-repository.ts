import type { AccountRecord, InstrumentRecord } from './records.js';
import type { Scope } from './scope.js';
import { requireNumber, requireText } from './validate.js';

/** Accounts and instruments: slow-changing data the seed loads and services read. */
export class ReferenceDataRepository {
  constructor(private readonly scope: Scope) {}

  async saveAccount(account: AccountRecord): Promise<void> {
    for (const field of ['id', 'name', 'baseCurrency'] as const) requireText(`account.${field}`, account[field]);
    await this.scope.client.account.upsert({ where: { id: account.id }, create: account, update: account });
  }

  async saveInstrument(instrument: InstrumentRecord): Promise<void> {
    for (const field of ['id', 'symbol', 'venue', 'quoteCurrency'] as const) {
      requireText(`instrument.${field}`, instrument[field]);
    }
    for (const field of ['tickSize', 'lotSize'] as const)
      requireNumber(`instrument.${field}`, instrument[field], 'positive');
    for (const field of ['minQuantity', 'minNotional'] as const) {
      requireNumber(`instrument.${field}`, instrument[field], 'non-negative');
    }
    await this.scope.client.instrument.upsert({ where: { id: instrument.id }, create: instrument, update: instrument });
  }

  async accounts(): Promise<AccountRecord[]> {
    return this.scope.client.account.findMany({
      select: { id: true, name: true, baseCurrency: true },
      orderBy: { id: 'asc' },
    });
  }

  async instruments(): Promise<InstrumentRecord[]> {
    const rows = await this.scope.client.instrument.findMany({ orderBy: { id: 'asc' } });
    return rows.map((row) => ({
      ...row,
      tickSize: Number(row.tickSize.toString()),
      lotSize: Number(row.lotSize.toString()),
      minQuantity: Number(row.minQuantity.toString()),
      minNotional: Number(row.minNotional.toString()),
    }));
  }
}
