/**
 * A JSON Schema (draft-07) of `devcontainer.json` for the single-container form this kit
 * generates (a Dockerfile build), written from the Dev Container specification's property
 * reference (containers.dev/implementors/json_reference). Strict where the spec is: unknown
 * properties, a wrong type, a port out of range or an unknown `onAutoForward` value fail.
 *
 * Why not the specification's own schema file: no package on the registries this project
 * installs from ships it, and `npm run devcontainer:validate` must run offline in CI. The
 * second check of that task, `@devcontainers/cli read-configuration`, is the reference parser.
 */
const command = {
  anyOf: [
    { type: 'string' },
    { type: 'array', items: { type: 'string' }, minItems: 1 },
    {
      type: 'object',
      additionalProperties: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
    },
  ],
} as const;

const portNumber = { type: 'integer', minimum: 0, maximum: 65535 } as const;

const portAttributes = {
  type: 'object',
  additionalProperties: false,
  properties: {
    label: { type: 'string' },
    onAutoForward: { enum: ['notify', 'openBrowser', 'openBrowserOnce', 'openPreview', 'silent', 'ignore'] },
    protocol: { enum: ['http', 'https'] },
    requireLocalPort: { type: 'boolean' },
    elevateIfNeeded: { type: 'boolean' },
  },
} as const;

const memorySize = { type: 'string', pattern: '^\\d+([tgmk]b)?$' } as const;

export const DEVCONTAINER_SCHEMA = {
  $schema: 'http://json-schema.org/draft-07/schema#',
  title: 'devcontainer.json (Dockerfile-based)',
  type: 'object',
  additionalProperties: false,
  required: ['build'],
  properties: {
    $schema: { type: 'string' },
    name: { type: 'string' },
    build: {
      type: 'object',
      additionalProperties: false,
      required: ['dockerfile'],
      properties: {
        dockerfile: { type: 'string', minLength: 1 },
        context: { type: 'string' },
        args: { type: 'object', additionalProperties: { type: 'string' } },
        target: { type: 'string' },
        cacheFrom: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'string' } }] },
        options: { type: 'array', items: { type: 'string' } },
      },
    },
    features: {
      type: 'object',
      propertyNames: { minLength: 1 },
      additionalProperties: {
        anyOf: [{ type: 'object' }, { type: 'string' }, { type: 'boolean' }],
      },
    },
    overrideFeatureInstallOrder: { type: 'array', items: { type: 'string' } },
    forwardPorts: {
      type: 'array',
      uniqueItems: true,
      items: { anyOf: [portNumber, { type: 'string', pattern: '^([a-z0-9-]+):(\\d{1,5})$' }] },
    },
    portsAttributes: {
      type: 'object',
      propertyNames: { pattern: '^(\\d{1,5}(-\\d{1,5})?|.+)$' },
      additionalProperties: portAttributes,
    },
    otherPortsAttributes: portAttributes,
    appPort: {
      anyOf: [portNumber, { type: 'string' }, { type: 'array', items: { anyOf: [portNumber, { type: 'string' }] } }],
    },
    runArgs: { type: 'array', items: { type: 'string' } },
    workspaceMount: { type: 'string' },
    workspaceFolder: { type: 'string' },
    mounts: {
      type: 'array',
      items: {
        anyOf: [
          { type: 'string' },
          {
            type: 'object',
            required: ['type', 'target'],
            additionalProperties: false,
            properties: { type: { enum: ['bind', 'volume'] }, source: { type: 'string' }, target: { type: 'string' } },
          },
        ],
      },
    },
    containerEnv: { type: 'object', additionalProperties: { type: 'string' } },
    remoteEnv: { type: 'object', additionalProperties: { type: ['string', 'null'] } },
    containerUser: { type: 'string' },
    remoteUser: { type: 'string' },
    updateRemoteUserUID: { type: 'boolean' },
    userEnvProbe: { enum: ['none', 'loginShell', 'loginInteractiveShell', 'interactiveShell'] },
    overrideCommand: { type: 'boolean' },
    shutdownAction: { enum: ['none', 'stopContainer'] },
    init: { type: 'boolean' },
    privileged: { type: 'boolean' },
    capAdd: { type: 'array', items: { type: 'string' } },
    securityOpt: { type: 'array', items: { type: 'string' } },
    initializeCommand: command,
    onCreateCommand: command,
    updateContentCommand: command,
    postCreateCommand: command,
    postStartCommand: command,
    postAttachCommand: command,
    waitFor: {
      enum: ['initializeCommand', 'onCreateCommand', 'updateContentCommand', 'postCreateCommand', 'postStartCommand'],
    },
    hostRequirements: {
      type: 'object',
      additionalProperties: false,
      properties: {
        cpus: { type: 'integer', minimum: 1 },
        memory: memorySize,
        storage: memorySize,
        gpu: { anyOf: [{ type: 'boolean' }, { const: 'optional' }, { type: 'object' }] },
      },
    },
    customizations: { type: 'object' },
  },
} as const;
