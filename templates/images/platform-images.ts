import { Component } from 'projen';
import type { Project } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import { renderPlatformImages } from './render-platform-images.js';

export interface PlatformImagesOptions {
  readonly platform: ResolvedPlatformConfig;
}

/**
 * The platform's container images: the generated name list (`images/generated/images.ts`) every
 * consumer reads, and the root task that builds the local, air-gapped images. The build recipes
 * (`images/<id>/Dockerfile`, `images/build-images.ts`) are ordinary sources of the repository.
 */
export class PlatformImages extends Component {
  static of(project: Project): PlatformImages | undefined {
    return project.components.find((c): c is PlatformImages => c instanceof PlatformImages);
  }

  /** Path of the generated name list, relative to the repository root. */
  readonly namesFile = 'images/generated/images.ts';

  constructor(project: Project, options: PlatformImagesOptions) {
    super(project, 'platform-images');
    new GeneratedTextFile(project, this.namesFile, {
      comment: '//',
      render: () => renderPlatformImages(options.platform.images),
    });
    project.addTask('images:build', {
      description:
        'Build the local images (debootstrap Debian, PostgreSQL, Redis, Kafka, Node) and check each answers: ' +
        'npm run images:build -- [--rebuild] [--only kafka,redis] [--extra-ca-cert file.pem]',
      exec: 'tsx images/build-images.ts',
      receiveArgs: true,
    });
  }
}
