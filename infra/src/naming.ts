import { createHash } from 'node:crypto';

/**
 * Names of one environment's resources: `<platform>-<environment>-<what>`, shortened with a
 * stable hash suffix where AWS limits the length (load balancers and target groups: 32).
 */
export class ResourceNames {
  readonly prefix: string;

  constructor(
    readonly platform: string,
    readonly environment: string,
  ) {
    this.prefix = `${platform}-${environment}`;
  }

  /** `<prefix>-<parts…>`, at most `maxLength` characters. */
  name(parts: readonly string[] | string, maxLength = 64): string {
    return shorten([this.prefix, ...(typeof parts === 'string' ? [parts] : parts)].join('-'), maxLength);
  }

  /** `<platform>/<environment>/<parts…>`: secrets, repositories and log groups read as paths. */
  path(...parts: string[]): string {
    return [this.platform, this.environment, ...parts].join('/');
  }
}

/** Cuts a name to `maxLength`, keeping it unique with a 6-character hash of the full name. */
export function shorten(name: string, maxLength: number): string {
  if (name.length <= maxLength) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 6);
  return `${name.slice(0, maxLength - 7).replace(/-+$/, '')}-${hash}`;
}

/** `VENUE-API-KEY` style: the environment variable a secret reaches a container under. */
export function secretEnvName(secretName: string): string {
  return secretName.toUpperCase().replace(/-/g, '_');
}

/** The n-th subnet of `newBits` more bits inside an IPv4 CIDR block (like Terraform's cidrsubnet). */
export function cidrSubnet(cidr: string, newBits: number, index: number): string {
  const [address = '', prefixText = ''] = cidr.split('/');
  const prefix = Number(prefixText);
  const base = address.split('.').reduce((acc, octet) => acc * 256 + Number(octet), 0);
  const size = 2 ** (32 - prefix - newBits);
  if (index >= 2 ** newBits) throw new Error(`subnet ${index} does not fit in ${cidr} with ${newBits} more bits`);
  const start = base + index * size;
  const octets = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256);
  return `${octets.join('.')}/${prefix + newBits}`;
}
