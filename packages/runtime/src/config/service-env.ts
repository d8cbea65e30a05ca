import { z } from 'zod';
import type { ServiceManifest } from '../service-manifest.js';

/**
 * How a service finds its dependencies. `embedded` (the default) runs them in-process (in-memory
 * bus, PGlite, no cache); `distributed` talks to Kafka, PostgreSQL and Redis at the given URLs.
 */
export const PLATFORM_MODES = ['embedded', 'distributed'] as const;

/** SASL mechanisms a Kafka connection can be configured with. */
export const KAFKA_SASL_MECHANISMS = ['aws-msk-iam'] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;

const url = (example: string) => z.url({ error: `must be a URL such as ${example}` });

const baseSchema = z.object({
  PORT: z.coerce.number({ error: 'must be a port number' }).int().min(0).max(65535).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  LOG_LEVEL: z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` }).default('log'),
  PLATFORM_MODE: z.enum(PLATFORM_MODES, { error: `must be one of ${PLATFORM_MODES.join(', ')}` }).default('embedded'),
  DATABASE_URL: url('postgresql://user:password@localhost:5432/tradeforge').optional(),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s:]+:\d+(,[^,\s:]+:\d+)*$/, { error: 'must be host:port[,host:port…] such as localhost:9092' })
    .optional(),
  /** TLS to the Kafka brokers (Amazon MSK, Confluent Cloud). */
  KAFKA_TLS: z.stringbool({ error: 'must be true or false' }).default(false),
  /** SASL mechanism for Kafka; the AWS stacks set `aws-msk-iam`. */
  KAFKA_SASL_MECHANISM: z
    .enum(KAFKA_SASL_MECHANISMS, { error: `must be one of ${KAFKA_SASL_MECHANISMS.join(', ')}` })
    .optional(),
  REDIS_URL: url('redis://localhost:6379').optional(),
  OTEL_EXPORTER_OTLP_ENDPOINT: url('http://localhost:4318').optional(),
  SENTRY_DSN: url('https://key@o0.ingest.sentry.io/0').optional(),
  DEPLOY_ENVIRONMENT: z.string().min(1).default('local'),
  SHUTDOWN_TIMEOUT_MS: z.coerce.number().int().positive().default(10_000),
});

export type ServiceEnv = z.infer<typeof baseSchema> & {
  readonly PORT: number;
  /**
   * Every variable the service was started with, validated ones included: for the settings a
   * service validates itself (the gateway's `GATEWAY_JWT_SECRET`) and for `<NAME>_SERVICE_URL`
   * (`serviceUrl`), which the embedded host sets per run rather than in `process.env`.
   */
  readonly variables: Readonly<Record<string, string | undefined>>;
};

/** The variable each dependency needs in distributed mode, with an example value. */
const DEPENDENCY_VARIABLES = {
  database: ['DATABASE_URL', 'postgresql://user:password@localhost:5432/tradeforge'],
  bus: ['KAFKA_BROKERS', 'localhost:9092'],
  cache: ['REDIS_URL', 'redis://localhost:6379'],
} as const;

/** Raised with one line that names the variable at fault and what it should be. */
export class InvalidServiceEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidServiceEnvError';
  }
}

/** Reads and validates the service's environment; throws `InvalidServiceEnvError` on the first problem. */
export function loadServiceEnv(manifest: ServiceManifest, source: NodeJS.ProcessEnv = process.env): ServiceEnv {
  const parsed = baseSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const variable = issue?.path.join('.') ?? '(environment)';
    throw new InvalidServiceEnvError(
      `${manifest.name}: invalid environment variable ${variable}=${JSON.stringify(source[variable] ?? '')}: ${issue?.message ?? 'invalid'}`,
    );
  }
  const env = parsed.data;
  for (const [variable, value] of Object.entries(source)) {
    if (!variable.endsWith('_SERVICE_URL') || value === undefined || value === '') continue;
    if (!URL.canParse(value)) {
      throw new InvalidServiceEnvError(
        `${manifest.name}: invalid environment variable ${variable}=${JSON.stringify(value)}: must be a URL such as http://order:3004`,
      );
    }
  }
  if (env.PLATFORM_MODE === 'distributed') {
    for (const dependency of manifest.dependsOn) {
      const [variable, example] = DEPENDENCY_VARIABLES[dependency];
      if (env[variable] === undefined) {
        throw new InvalidServiceEnvError(
          `${manifest.name}: ${variable} is required in distributed mode (the service depends on ${dependency}); set it, e.g. ${variable}=${example}`,
        );
      }
    }
  }
  return { ...env, PORT: env.PORT ?? manifest.port, variables: { ...source } };
}
