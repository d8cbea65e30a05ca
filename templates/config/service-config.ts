/**
 * What a service does in the reference trading platform. The role decides which glue the
 * generator wires in; `custom` is a plain NestJS service with health endpoints only.
 */
export const SERVICE_ROLES = [
  'gateway',
  'market-data',
  'strategy',
  'risk',
  'order',
  'broker',
  'portfolio',
  'custom',
] as const;
export type ServiceRole = (typeof SERVICE_ROLES)[number];

/**
 * Infrastructure a service talks to. `/ready` checks each declared dependency, and compose,
 * Terraform and the test harness start exactly what is declared.
 */
export const SERVICE_DEPENDENCIES = ['database', 'bus', 'cache'] as const;
export type ServiceDependency = (typeof SERVICE_DEPENDENCIES)[number];

/** One service of the platform. Adding an entry adds the service everywhere. */
export interface ServiceConfig {
  /**
   * Service name: lower-case kebab-case, 2–32 characters, starting with a letter. Used as the
   * folder (`services/<name>`), the npm package (`@<platform>/<name>`), the image and the ECS
   * service name.
   * @example "order"
   */
  readonly name: string;
  /**
   * What the service does.
   * @default "custom"
   */
  readonly role?: ServiceRole;
  /**
   * HTTP port the service listens on (1024–65535), unique across services and not one of the
   * infrastructure ports (5432, 6379, 9092, 9093).
   * @example 3004
   */
  readonly port: number;
  /**
   * Infrastructure the service needs; `/ready` reports not-ready until each is reachable.
   * @default []
   */
  readonly dependsOn?: readonly ServiceDependency[];
  /**
   * One line saying what the service is for; shown in the README table and package.json.
   * @default "<role> service"
   */
  readonly description?: string;
}
