// The CA certificates this machine added to its trust store, for image builds that fetch over
// HTTPS (npm ci, apt) behind a TLS-inspecting proxy: the proofs hand them over when no
// EXTRA_CA_CERT_FILE is given, so they work from a clean clone on such a machine unchanged.
import fs from 'node:fs';
import path from 'node:path';

/** Debian's folder for local additions, which `update-ca-certificates` merges into the system bundle. */
export const LOCAL_CA_DIR = '/usr/local/share/ca-certificates';

/**
 * PEM text of every `*.crt` under `dir`, or '' when there are none. Only the local additions,
 * not the whole system bundle: its ~200 kB exceed what one environment variable or build
 * argument may hold (E2BIG), and the images already trust the public CAs.
 */
export function localCaCertificates(dir = LOCAL_CA_DIR): string {
  if (!fs.existsSync(dir)) return '';
  const files = fs
    .readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.crt'))
    .sort();
  return files.map((file) => `${fs.readFileSync(path.join(dir, file), 'utf8').trim()}\n`).join('');
}

/** EXTRA_CA_CERT_FILE's PEM text when it is set, else the local additions. */
export function extraCaCertificates(env: NodeJS.ProcessEnv = process.env): string {
  return env.EXTRA_CA_CERT_FILE ? fs.readFileSync(env.EXTRA_CA_CERT_FILE, 'utf8') : localCaCertificates();
}
