import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { INFRASTRUCTURE_PORTS } from '../config/defaults.js';

/** One forwarded port and how the editor shows it. */
export interface ForwardedPort {
  readonly port: number;
  readonly label: string;
  /** What the editor does when the port starts listening. */
  readonly onAutoForward: 'notify' | 'openBrowserOnce' | 'silent';
}

export interface DevContainerJsonInputs {
  readonly platform: ResolvedPlatformConfig;
  /** Dev container features by reference, with their options. */
  readonly features: Readonly<Record<string, Record<string, unknown>>>;
  readonly extensions: readonly string[];
  readonly settings: Readonly<Record<string, unknown>>;
  readonly hostRequirements: { readonly cpus: number; readonly memory: string; readonly storage: string };
  /** Environment variable on the host whose value (PEM text) becomes the EXTRA_CA_CERT build argument. */
  readonly extraCaCertVariable: string;
}

/** Infrastructure the compose stack publishes on the host; forwarded so local tools reach it. */
const FORWARDED_INFRASTRUCTURE = [5432, 6379, 9092] as const;

/** Every service port (labelled with the service) and the infrastructure ports, in that order. */
export function forwardedPorts(platform: ResolvedPlatformConfig): ForwardedPort[] {
  return [
    ...platform.services.map((s): ForwardedPort => ({
      port: s.port,
      label: `${s.name} (${s.description})`,
      onAutoForward: s.role === 'gateway' ? 'notify' : 'silent',
    })),
    ...FORWARDED_INFRASTRUCTURE.map((port): ForwardedPort => ({
      port,
      label: INFRASTRUCTURE_PORTS[port] ?? `port ${port}`,
      onAutoForward: 'silent',
    })),
  ];
}

/**
 * `.devcontainer/devcontainer.json`: built from `.devcontainer/Dockerfile`, Docker inside for
 * Testcontainers, every port of the config forwarded with a label, dependencies installed and
 * the project regenerated after creation, and the editor set up like CI.
 */
export function renderDevContainerJson(inputs: DevContainerJsonInputs): Record<string, unknown> {
  const { platform } = inputs;
  const ports = forwardedPorts(platform);
  return {
    name: platform.name,
    build: {
      dockerfile: 'Dockerfile',
      args: { EXTRA_CA_CERT: `\${localEnv:${inputs.extraCaCertVariable}}` },
    },
    features: inputs.features,
    remoteUser: 'node',
    // npm's download cache survives rebuilds of the container.
    mounts: [`source=${platform.name}-npm-cache,target=/home/node/.npm,type=volume`],
    forwardPorts: ports.map((p) => p.port),
    portsAttributes: Object.fromEntries(
      ports.map((p) => [String(p.port), { label: p.label, onAutoForward: p.onAutoForward }]),
    ),
    otherPortsAttributes: { onAutoForward: 'silent' },
    postCreateCommand: 'npm ci --no-audit --no-fund && npx projen',
    hostRequirements: inputs.hostRequirements,
    customizations: {
      vscode: { extensions: inputs.extensions, settings: inputs.settings },
      codespaces: { openFiles: ['.projenrc.ts', 'docs/contributing-in-codespaces.md'] },
    },
  };
}
