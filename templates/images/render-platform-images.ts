import { IMAGE_IDS, IMAGE_SOURCES, IMAGE_SOURCE_ENV, OBSERVABILITY_IMAGE_IDS } from '../config/images-config.js';
import type { ResolvedImages } from '../config/resolve-config.js';
import { VERSIONS } from '../versions.js';

/**
 * `images/generated/images.ts`: every image name under both sources, the config's source, and
 * the run-time choice (`TRADEFORGE_IMAGES` overrides the config). A module without imports, so
 * the image build, the Testcontainers suites and scripts can all read it.
 */
export function renderPlatformImages(images: ResolvedImages): string[] {
  const union = (values: readonly string[]) => values.map((v) => `'${v}'`).join(' | ');
  return [
    '// The container images of the platform, from the `images` section of .projenrc.ts (docs/images.md).',
    '',
    `export type ImageId = ${union(IMAGE_IDS)};`,
    `export type ImageSource = ${union(IMAGE_SOURCES)};`,
    `export type ObservabilityImageId = ${union(OBSERVABILITY_IMAGE_IDS)};`,
    '',
    'export interface PlatformImage {',
    '  readonly id: ImageId;',
    '  /** The major (PostgreSQL, Redis) or exact version (Kafka, Node) the image carries. */',
    '  readonly version: string;',
    '  /** Used when the source is `official`: pulled from a registry. */',
    '  readonly official: string;',
    '  /** Used when the source is `local`: built by `npm run images:build`. */',
    '  readonly local: string;',
    '}',
    '',
    '/** Environment variable that overrides the config\'s source at run time: "official" or "local". */',
    `export const IMAGE_SOURCE_ENV = '${IMAGE_SOURCE_ENV}';`,
    '',
    '/** The source `images.source` in the config selects. */',
    `export const CONFIGURED_IMAGE_SOURCE: ImageSource = '${images.source}';`,
    '',
    'export const PLATFORM_IMAGES: Readonly<Record<ImageId, PlatformImage>> = {',
    ...IMAGE_IDS.map((id) => {
      const { version, official, local } = images[id];
      return `  ${id}: { id: '${id}', version: '${version}', official: '${official}', local: '${local}' },`;
    }),
    '};',
    '',
    "/** The compose observability profile's images: official under either source (they have no local build). */",
    'export const OBSERVABILITY_IMAGES: Readonly<Record<ObservabilityImageId, string>> = {',
    ...OBSERVABILITY_IMAGE_IDS.map((id) => `  ${id}: '${images.observability[id]}',`),
    '};',
    '',
    '/** npm installed into the local Node image beside node (the official images bundle their own). */',
    `export const LOCAL_NODE_IMAGE_NPM_VERSION = '${VERSIONS.npm}';`,
    '',
    '/**',
    ` * The source in effect: $${IMAGE_SOURCE_ENV} when set, else the config's. Throws, naming the`,
    ' * allowed values, when the variable holds anything else.',
    ' */',
    'export function imageSource(env: Readonly<Record<string, string | undefined>> = process.env): ImageSource {',
    '  const value = env[IMAGE_SOURCE_ENV]?.trim();',
    "  if (value === undefined || value === '') return CONFIGURED_IMAGE_SOURCE;",
    `  if (${IMAGE_SOURCES.map((s) => `value === '${s}'`).join(' || ')}) return value;`,
    '  throw new Error(',
    `    \`\${IMAGE_SOURCE_ENV}=\${JSON.stringify(value)} is not allowed; use ${IMAGE_SOURCES.map((s) => `"${s}"`).join(' or ')} (or leave it unset for the config's "\${CONFIGURED_IMAGE_SOURCE}")\`,`,
    '  );',
    '}',
    '',
    '/** The image to run for each id under the source in effect, e.g. `platformImages().postgres`. */',
    'export function platformImages(',
    '  env: Readonly<Record<string, string | undefined>> = process.env,',
    '): Readonly<Record<ImageId, string>> {',
    '  const source = imageSource(env);',
    '  return Object.fromEntries(',
    '    Object.values(PLATFORM_IMAGES).map((image) => [image.id, image[source]]),',
    '  ) as Record<ImageId, string>;',
    '}',
  ];
}
