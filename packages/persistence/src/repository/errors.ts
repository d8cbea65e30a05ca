/** The order does not exist. */
export class OrderNotFoundError extends Error {
  constructor(readonly clientOrderId: string) {
    super(`order ${clientOrderId} not found`);
    this.name = 'OrderNotFoundError';
  }
}

/**
 * The order changed since it was read (another writer applied an event first). Nothing was
 * written; re-read the order and decide again.
 */
export class ConcurrentOrderUpdateError extends Error {
  constructor(
    readonly clientOrderId: string,
    readonly expectedVersion: number,
    readonly actualVersion: number,
  ) {
    super(`order ${clientOrderId} is at version ${actualVersion}, not ${expectedVersion}: re-read it and retry`);
    this.name = 'ConcurrentOrderUpdateError';
  }
}

/** Input the database would refuse or corrupt, named with the field at fault. Nothing was written. */
export class InvalidRecordError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidRecordError';
  }
}
