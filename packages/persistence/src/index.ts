export { databaseOptionsFromEnv, describeDatabase, openDatabase } from './database/open-database.js';
export type { Database, DatabaseOptions, OpenDatabaseOptions } from './database/open-database.js';
export type { SqlRunner } from './database/sql-runner.js';
export { applyMigrations, MigrationHistoryError } from './migrations/apply-migrations.js';
export type { AppliedMigrations } from './migrations/apply-migrations.js';
export { MIGRATIONS_DIR, readMigrations } from './migrations/migration-files.js';
export type { MigrationFile } from './migrations/migration-files.js';
export { OutboxRepository } from './outbox/outbox-repository.js';
export type { PendingMessage } from './outbox/outbox-repository.js';
export { MESSAGE_ID_HEADER, OutboxRelay } from './outbox/outbox-relay.js';
export type { OutboxRelayOptions, Publisher, RelayPass } from './outbox/outbox-relay.js';
export { ConcurrentOrderUpdateError, InvalidRecordError, OrderNotFoundError } from './repository/errors.js';
export type { RecordFillInput, RecordFillResult } from './repository/fill-repository.js';
export { executionKey } from './repository/fill-repository.js';
export type {
  CreateOrderInput,
  CreateOrderResult,
  ListOrdersFilter,
  TransitionInput,
} from './repository/order-repository.js';
export type * from './repository/records.js';
export type { SetTradingStateInput } from './repository/trading-state-repository.js';
export { Repositories, TradingRepository } from './repository/trading-repository.js';
export { seedDemoData } from './seed/demo-data.js';
export type { SeedSummary } from './seed/demo-data.js';
