import { PLATFORM_SETTINGS } from '../generated/platform-settings.js';
import type { PlatformSettings } from '../platform-settings.js';

/** The variables a service's environment is read from (`ServiceEnv.variables`, or `process.env`). */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** The variable that names another service's base URL: `order` → `ORDER_SERVICE_URL`, `market-data` → `MARKET_DATA_SERVICE_URL`. */
export function serviceUrlVariable(name: string): string {
  return `${name.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}_SERVICE_URL`;
}

/**
 * Where service `name` answers: `<NAME>_SERVICE_URL` when set (distributed mode, containers,
 * tests on free ports), else `http://127.0.0.1:<its configured port>` (embedded mode, where every
 * service listens in this process on the port the config gives it).
 */
export function serviceUrl(
  name: string,
  variables: EnvironmentVariables,
  services: PlatformSettings['services'] = PLATFORM_SETTINGS.services,
): string {
  const configured = variables[serviceUrlVariable(name)];
  if (configured) return configured.replace(/\/+$/, '');
  const service = services.find((s) => s.name === name);
  if (!service) {
    throw new Error(
      `no service named "${name}" in the platform config and ${serviceUrlVariable(name)} is not set; configured: ${services.map((s) => s.name).join(', ')}`,
    );
  }
  return `http://127.0.0.1:${service.port}`;
}

/** The URL of the service with this role (`order`, `risk`, `portfolio`…): services find peers by role, so renaming one in the config changes nothing. */
export function serviceUrlOfRole(
  role: string,
  variables: EnvironmentVariables,
  services: PlatformSettings['services'] = PLATFORM_SETTINGS.services,
): string {
  const service = services.find((s) => s.role === role);
  if (!service) {
    throw new Error(
      `the platform config has no service with role "${role}"; roles configured: ${services.map((s) => s.role).join(', ')}`,
    );
  }
  return serviceUrl(service.name, variables, services);
}
