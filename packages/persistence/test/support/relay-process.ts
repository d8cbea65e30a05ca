// A relay in its own process, for the crash test: node --import tsx relay-process.ts <url> <log> <dieAfter>
// Appends each published message id to <log>. With dieAfter > 0 it SIGKILLs itself right after
// handing over message number <dieAfter>, before marking it published: a real crash between
// publish and commit. With dieAfter = 0 it publishes everything pending and exits.
import fs from 'node:fs';
import { OutboxRelay, TradingRepository, openDatabase } from '../../src/index.js';

const [url, log, dieAfterText] = process.argv.slice(2);
if (!url || !log || dieAfterText === undefined) throw new Error('usage: relay-process.ts <url> <log> <dieAfter>');
const dieAfter = Number(dieAfterText);
const db = await openDatabase({ kind: 'postgres', url }, { migrate: false });
const repo = new TradingRepository(db);
let published = 0;
const relay = new OutboxRelay({
  outbox: repo.outbox,
  leaseTtlMs: 500,
  publish: async (_topic, _key, _message, headers) => {
    fs.appendFileSync(log, `${headers['message-id']}\n`);
    if (++published === dieAfter) process.kill(process.pid, 'SIGKILL');
  },
});
if (dieAfter > 0) {
  relay.start();
} else {
  // The survivor: wait for the dead relay's lease to lapse, publish what is left, exit cleanly.
  for (;;) {
    const pass = await relay.publishPending();
    if (pass.leaseHeld && (await repo.outbox.counts()).pending === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await relay.stop();
  await db.close();
}
