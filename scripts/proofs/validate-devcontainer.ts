// Proves .devcontainer/devcontainer.json is a dev container configuration the tools accept:
// 1. validated against the dev container JSON Schema (templates/devcontainer/devcontainer-schema.ts);
// 2. read by the reference implementation, `devcontainer read-configuration` (@devcontainers/cli),
//    whose view of the ports and build must equal the file's.
// Exit code 0 when both pass; every finding is printed with its JSON path.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import { DEVCONTAINER_SCHEMA } from '../../templates/devcontainer/devcontainer-schema.js';

const root = path.resolve(import.meta.dirname, '../..');
const configFile = path.join(root, '.devcontainer/devcontainer.json');

/** devcontainer.json is JSON with comments; the generated one has whole-line comments only. */
function readJsonc(file: string): Record<string, unknown> {
  const text = fs.readFileSync(file, 'utf8');
  return JSON.parse(
    text
      .split('\n')
      .filter((line) => !line.trimStart().startsWith('//'))
      .join('\n'),
  ) as Record<string, unknown>;
}

const config = readJsonc(configFile);
const ajv = new Ajv({ allErrors: true, strict: true });
const validate = ajv.compile(DEVCONTAINER_SCHEMA);
let failures = 0;
if (validate(config)) {
  console.log('schema: .devcontainer/devcontainer.json is valid');
} else {
  for (const error of validate.errors ?? []) console.error(`schema: ${error.instancePath || '/'} ${error.message}`);
  failures += 1;
}

const cli = path.join(root, 'node_modules/@devcontainers/cli/devcontainer.js');
const read = spawnSync(
  process.execPath,
  [cli, 'read-configuration', '--workspace-folder', root, '--log-level', 'info'],
  {
    encoding: 'utf8',
  },
);
if (read.status !== 0) {
  // The CLI looks for an existing dev container with `docker ps`, so it needs a reachable engine.
  const engine = spawnSync('docker', ['info'], { encoding: 'utf8' });
  const hint =
    engine.status === 0
      ? ''
      : '\nno Docker engine answers `docker info`: start one with `bash scripts/ensure-docker.sh`';
  console.error(`read-configuration failed (${read.status}):\n${read.stderr.slice(-3000)}${hint}`);
  failures += 1;
} else {
  const { configuration } = JSON.parse(read.stdout) as { configuration: Record<string, unknown> };
  // The CLI substitutes ${localEnv:NAME} with the host's variable (empty when unset); so does this.
  const expected = JSON.parse(
    JSON.stringify(config).replace(/\$\{localEnv:([A-Za-z_][A-Za-z0-9_]*)\}/g, (_, name: string) =>
      JSON.stringify(process.env[name] ?? '').slice(1, -1),
    ),
  ) as Record<string, unknown>;
  const same = (key: string) => JSON.stringify(configuration[key]) === JSON.stringify(expected[key]);
  const mismatched = [
    'forwardPorts',
    'portsAttributes',
    'build',
    'features',
    'postCreateCommand',
    'hostRequirements',
  ].filter((key) => !same(key));
  if (mismatched.length > 0) {
    console.error(`read-configuration: the CLI reads ${mismatched.join(', ')} differently from the file`);
    failures += 1;
  } else {
    console.log(
      `read-configuration: @devcontainers/cli reads the same build, features, ${(config.forwardPorts as unknown[]).length} forwarded ports and lifecycle`,
    );
  }
}
process.exit(failures === 0 ? 0 : 1);
