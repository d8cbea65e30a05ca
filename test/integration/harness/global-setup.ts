// vitest globalSetup: one stack for every suite of the run, removed at the end (kept when reusing).
import type { TestProject } from 'vitest/node';
import { removeIntegrationStack, startIntegrationStack } from './integration-stack.js';
import type { IntegrationStack } from './integration-stack.js';

declare module 'vitest' {
  export interface ProvidedContext {
    integrationStack: IntegrationStack;
  }
}

const say = (line: string) => process.stdout.write(`integration: ${line}\n`);

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const stack = await startIntegrationStack(say);
  project.provide('integrationStack', stack);
  say(`gateway ${stack.gatewayUrl}, PostgreSQL ${stack.databaseUrl}, Kafka ${stack.kafkaBrokers}`);
  return async () => {
    await removeIntegrationStack(stack);
    say(stack.reuse ? `kept the stack for the next run (network ${stack.network})` : 'stack removed');
  };
}
