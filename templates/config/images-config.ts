/** The container images the platform runs: its infrastructure, and the base of every service image. */
export const IMAGE_IDS = ['postgres', 'kafka', 'redis', 'node'] as const;
export type ImageId = (typeof IMAGE_IDS)[number];

/**
 * The observability stack of the compose `observability` profile. Official images only: they
 * have no local build, so an air-gapped machine runs the platform without them (docs/images.md).
 */
export const OBSERVABILITY_IMAGE_IDS = ['otelCollector', 'jaeger', 'prometheus', 'grafana'] as const;
export type ObservabilityImageId = (typeof OBSERVABILITY_IMAGE_IDS)[number];

/**
 * Where images come from. `official`: the upstream images from a registry (Docker Hub or a
 * mirror of it). `local`: air-gapped images that `npm run images:build` builds on this machine
 * from a debootstrap Debian base, Debian's packages and Maven Central (see docs/images.md).
 */
export const IMAGE_SOURCES = ['official', 'local'] as const;
export type ImageSource = (typeof IMAGE_SOURCES)[number];

/**
 * Environment variable that overrides `images.source` at run time (`official` or `local`), for
 * every consumer of the image names: `npm run images:build`, the Testcontainers suites, compose
 * and service image builds. Generated files keep following the config, so setting it never
 * changes what `npx projen` writes.
 */
export const IMAGE_SOURCE_ENV = 'TRADEFORGE_IMAGES';

/**
 * Container images, each named once here. Compose files, the Testcontainers suites and the
 * service Dockerfiles (`ARG NODE_IMAGE`) read these names.
 */
export interface ImagesConfig {
  /**
   * Which images to run: the official ones from a registry, or the ones `npm run images:build`
   * builds locally without a registry (`tradeforge-local/postgres:17`, …). The environment
   * variable `TRADEFORGE_IMAGES=official|local` overrides it at run time.
   * @default "official"
   */
  readonly source?: ImageSource;
  /**
   * PostgreSQL image used when the source is `official`. Point it at a mirror if your registry
   * proxies Docker Hub.
   * @default "postgres:17"
   * @example "registry.example.com/library/postgres:17"
   */
  readonly postgres?: string;
  /**
   * Apache Kafka image (KRaft, single node) used when the source is `official`.
   * @default "apache/kafka:4.2.2"
   */
  readonly kafka?: string;
  /**
   * Redis image used when the source is `official`.
   * @default "redis:7"
   */
  readonly redis?: string;
  /**
   * Node.js base of every service image (the default of its Dockerfile's `ARG NODE_IMAGE`) when
   * the source is `official`. It must provide node, npm and a user with uid 1000.
   * @default "node:24-bookworm-slim"
   */
  readonly node?: string;
  /**
   * OpenTelemetry Collector of the compose `observability` profile: receives the services' OTLP
   * traces and exports them to Jaeger. Official image whatever the source (no local build).
   * @default "otel/opentelemetry-collector-contrib:0.116.1"
   */
  readonly otelCollector?: string;
  /**
   * Jaeger (v2, OTLP in, trace UI on port 16686) of the compose `observability` profile.
   * Official image whatever the source (no local build).
   * @default "jaegertracing/jaeger:2.5.0"
   */
  readonly jaeger?: string;
  /**
   * Prometheus of the compose `observability` profile, scraping every service's `/metrics`.
   * Official image whatever the source (no local build).
   * @default "prom/prometheus:v3.2.1"
   */
  readonly prometheus?: string;
  /**
   * Grafana of the compose `observability` profile, with the Prometheus data source and the
   * platform dashboard provisioned. Official image whatever the source (no local build).
   * @default "grafana/grafana:11.5.2"
   */
  readonly grafana?: string;
}
