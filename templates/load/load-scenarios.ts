import { Component, JsonFile } from 'projen';
import type { Project } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import { GeneratedTextFile } from '../workspace/generated-text-file.js';
import {
  renderK6Script,
  renderK6TsConfig,
  renderLoadScenariosModule,
  renderedLoadScenarios,
} from './render-load-scenarios.js';

/** Where the k6 scripts go; the load workflow runs every `*.ts` in it. */
export const K6_DIR = 'load/k6';
/** The k6 scripts' own tsconfig: `tsc -p` it to type-check them against `@types/k6`. */
export const K6_TSCONFIG = `${K6_DIR}/tsconfig.json`;

export interface LoadScenariosOptions {
  readonly platform: ResolvedPlatformConfig;
}

/**
 * The config's `load.scenarios`, rendered twice from one source: `load/k6/<name>.ts` for k6 in
 * users' CI and `load/generated/scenarios.ts` for `npm run load` (autocannon) here, plus the
 * tsconfig that type-checks the k6 scripts (docs/architecture/load-tests.md).
 */
export class LoadScenarios extends Component {
  constructor(project: Project, options: LoadScenariosOptions) {
    super(project);
    const { platform } = options;
    for (const scenario of renderedLoadScenarios(platform)) {
      new GeneratedTextFile(project, `${K6_DIR}/${scenario.name}.ts`, {
        comment: '//',
        render: () => renderK6Script(platform, scenario),
      });
    }
    new GeneratedTextFile(project, 'load/generated/scenarios.ts', {
      comment: '//',
      render: () => renderLoadScenariosModule(platform),
    });
    new JsonFile(project, K6_TSCONFIG, { marker: true, allowComments: true, newline: true, obj: renderK6TsConfig() });
  }
}
