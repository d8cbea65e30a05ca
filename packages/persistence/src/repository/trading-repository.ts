import type { Database } from '../database/open-database.js';
import type { PrismaClient } from '../generated/prisma/client.js';
import { OutboxRepository } from '../outbox/outbox-repository.js';
import { FillRepository } from './fill-repository.js';
import { OrderRepository } from './order-repository.js';
import { PositionRepository } from './position-repository.js';
import { ReferenceDataRepository } from './reference-data-repository.js';
import { rootScope, transactionScope } from './scope.js';
import type { Scope } from './scope.js';
import { AuditLogRepository, TradingStateRepository } from './trading-state-repository.js';

/** Every repository, bound to one scope: each call its own transaction, or all in the caller's. */
export class Repositories {
  readonly orders: OrderRepository;
  readonly fills: FillRepository;
  readonly positions: PositionRepository;
  readonly tradingState: TradingStateRepository;
  readonly audit: AuditLogRepository;
  readonly referenceData: ReferenceDataRepository;
  readonly outbox: OutboxRepository;

  constructor(scope: Scope) {
    this.orders = new OrderRepository(scope);
    this.fills = new FillRepository(scope);
    this.positions = new PositionRepository(scope);
    this.tradingState = new TradingStateRepository(scope);
    this.audit = new AuditLogRepository(scope);
    this.referenceData = new ReferenceDataRepository(scope);
    this.outbox = new OutboxRepository(scope);
  }
}

/**
 * The platform's storage API. Each write method commits its state change, its events and its
 * outbox messages together; `transaction` composes several writes into one commit.
 *
 * Built from an open `Database`, the hot statements (order creates, transitions and reads, the
 * relay's read and mark) run on its driver; built from a Prisma client, everything goes through
 * Prisma.
 *
 * @example
 * const repo = new TradingRepository(db);
 * await repo.orders.create({ order, event, messages: [{ topic: 'orders', key: order.clientOrderId, message }] });
 */
export class TradingRepository extends Repositories {
  private readonly prisma: PrismaClient;

  constructor(database: Pick<Database, 'prisma' | 'sql'> | PrismaClient) {
    const opened = 'sql' in database && 'prisma' in database;
    const prisma = opened ? database.prisma : (database as PrismaClient);
    super(opened ? rootScope(prisma, database.sql) : rootScope(prisma));
    this.prisma = prisma;
  }

  /** Runs `work` in one transaction: everything it writes commits together, or nothing does. */
  async transaction<T>(work: (tx: Repositories) => Promise<T>): Promise<T> {
    return this.prisma.$transaction((tx) => work(new Repositories(transactionScope(tx))));
  }
}
