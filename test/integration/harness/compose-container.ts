import { GenericContainer, Wait } from 'testcontainers';
import type { ComposeServiceDefinition } from './compose-definitions.js';
import { containerPort, durationMs } from './compose-definitions.js';

/** Labels every container and the network of one run carry, so teardown finds all of them. */
export const RUN_LABEL = 'dev.tradeforge.integration.run';
/** The process that started a (not reused) run: a later run removes what a dead one left behind. */
export const OWNER_LABEL = 'dev.tradeforge.integration.owner';

/** The labels of a run's containers and network. */
export function runLabels(runId: string, reuse: boolean): Record<string, string> {
  return reuse ? { [RUN_LABEL]: runId } : { [RUN_LABEL]: runId, [OWNER_LABEL]: String(process.pid) };
}

export interface ComposeContainerOptions {
  /** The run's network (created by the harness) and this container's name on it. */
  readonly network: string;
  readonly alias: string;
  readonly runId: string;
  /** Variables added to the compose file's environment. */
  readonly extraEnvironment?: Readonly<Record<string, string>>;
  /** Container port → fixed host port; other published ports get an ephemeral host port. */
  readonly fixedHostPorts?: Readonly<Record<number, number>>;
  readonly reuse: boolean;
  readonly startupTimeoutMs: number;
}

/**
 * A container configured as compose runs the service: the file's image, environment, health
 * check (waited for) and restart policy, named by its service on the run's network.
 */
export class ComposeContainer extends GenericContainer {
  constructor(definition: ComposeServiceDefinition, options: ComposeContainerOptions, image = definition.image) {
    super(image);
    this.withEnvironment({ ...definition.environment, ...options.extraEnvironment })
      .withNetworkMode(options.network)
      .withNetworkAliases(options.alias)
      .withLabels(runLabels(options.runId, options.reuse))
      .withStartupTimeout(options.startupTimeoutMs);
    const ports = (definition.ports ?? []).map(containerPort);
    if (ports.length > 0) {
      this.withExposedPorts(
        ...ports.map((port) => {
          const host = options.fixedHostPorts?.[port];
          return host === undefined ? port : { container: port, host };
        }),
      );
    }
    const check = definition.healthcheck;
    if (check) {
      this.withHealthCheck({
        test: [...check.test] as ['CMD-SHELL', string],
        interval: durationMs(check.interval, 5_000),
        timeout: durationMs(check.timeout, 3_000),
        retries: check.retries ?? 30,
        startPeriod: durationMs(check.start_period, 0),
      }).withWaitStrategy(Wait.forHealthCheck());
    }
    // The file's restart policy (`on-failure:5`, `unless-stopped`): a crashed service comes back here too.
    if (definition.restart) {
      const [name, retries] = definition.restart.split(':');
      this.hostConfig.RestartPolicy = { Name: name!, MaximumRetryCount: Number(retries ?? 0) };
    }
    if (options.reuse) this.withReuse();
  }
}
