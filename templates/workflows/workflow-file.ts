import { YamlFile } from 'projen';
import type { IResolver, Project } from 'projen';
import { annotateActionVersions } from './pinned-actions.js';
import type { Workflow } from './workflow-types.js';

/**
 * One generated `.github/workflows/<name>.yml`: read-only and marked like every generated file,
 * rendered late from a pure function of the config, with each pinned action's version written
 * as a comment beside its SHA.
 */
export class WorkflowFile extends YamlFile {
  constructor(project: Project, name: string, render: () => Workflow) {
    super(project, `.github/workflows/${name}.yml`, { obj: () => render() });
  }

  protected override synthesizeContent(resolver: IResolver): string | undefined {
    const content = super.synthesizeContent(resolver);
    return content === undefined ? undefined : annotateActionVersions(content);
  }
}
