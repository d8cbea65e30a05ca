import { Component, JsonFile, YamlFile } from 'projen';
import type { Project } from 'projen';
import type { ResolvedPlatformConfig } from '../config/resolve-config.js';
import type { ComposeFile } from './compose-types.js';
import { COMPOSE_DIR, COMPOSE_FILES } from './compose-variables.js';
import { renderGrafanaDashboard } from './render-grafana-dashboard.js';
import { renderInfrastructureCompose } from './render-infrastructure-compose.js';
import { renderObservabilityCompose } from './render-observability-compose.js';
import {
  OBSERVABILITY_CONFIG_FILES,
  renderCollectorConfig,
  renderGrafanaDashboardProvider,
  renderGrafanaDatasources,
  renderPrometheusConfig,
} from './render-observability-configs.js';
import { renderPlatformCompose } from './render-platform-compose.js';

export interface ComposeFilesOptions {
  readonly platform: ResolvedPlatformConfig;
}

/**
 * `compose/`: the infrastructure the services declare (infrastructure.yml), every service built
 * from its Dockerfile (platform.yml), and the `observability` profile (observability.yml) with
 * its collector, Prometheus and Grafana files, each rendered late by a pure function of the
 * config. Adds `stack:up|down|logs`, which run them (scripts/stack.ts), and `stack:proof`, which
 * validates them and brings the stack up for real (test/stack/).
 */
export class ComposeFiles extends Component {
  static of(project: Project): ComposeFiles | undefined {
    return project.components.find((c): c is ComposeFiles => c instanceof ComposeFiles);
  }

  constructor(project: Project, options: ComposeFilesOptions) {
    super(project, 'compose-files');
    const { platform } = options;
    this.addComposeFile(COMPOSE_FILES.infrastructure, () => renderInfrastructureCompose(platform));
    this.addComposeFile(COMPOSE_FILES.platform, () => renderPlatformCompose(platform));
    this.addComposeFile(COMPOSE_FILES.observability, () => renderObservabilityCompose(platform));

    const at = (file: string) => `${COMPOSE_DIR}/${file}`;
    new YamlFile(project, at(OBSERVABILITY_CONFIG_FILES.collector), { obj: () => renderCollectorConfig() });
    new YamlFile(project, at(OBSERVABILITY_CONFIG_FILES.prometheus), { obj: () => renderPrometheusConfig(platform) });
    new YamlFile(project, at(OBSERVABILITY_CONFIG_FILES.grafanaDatasources), { obj: () => renderGrafanaDatasources() });
    new YamlFile(project, at(OBSERVABILITY_CONFIG_FILES.grafanaDashboards), {
      obj: () => renderGrafanaDashboardProvider(platform),
    });
    new JsonFile(project, at(OBSERVABILITY_CONFIG_FILES.dashboard(platform)), {
      obj: () => renderGrafanaDashboard(platform),
      newline: true,
    });

    const stack = (command: string, description: string) =>
      project.addTask(`stack:${command}`, { description, exec: `tsx scripts/stack.ts ${command}`, receiveArgs: true });
    stack(
      'up',
      'Build the service images and start infrastructure + platform in Docker, healthy (-- --profile observability adds traces, metrics, Grafana)',
    );
    stack('down', 'Stop the compose stack (-- --volumes also deletes its data)');
    stack('logs', "Follow the compose stack's logs (-- <service…> for some; -- --no-follow to print and exit)");
    project.addTask('stack:proof', {
      description:
        'Validate the compose files, bring the stack up with the local images, smoke-test it through the gateway, tear it down',
      exec: 'vitest run --config test/stack/vitest.config.ts',
      receiveArgs: true,
    });
  }

  /** Adds a compose file (path relative to the repository root), rendered when the project synthesizes. */
  addComposeFile(filePath: string, render: () => ComposeFile): void {
    new YamlFile(this.project, filePath, { obj: () => render() });
  }
}
