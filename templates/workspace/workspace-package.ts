import { Component, JsonFile } from 'projen';
import type { Project } from 'projen';
import { VERSIONS } from '../versions.js';

/** Package condition under which workspace libraries expose their TypeScript source (tests, tsx). */
export const SOURCE_CONDITION = 'source';

export interface WorkspacePackageOptions {
  /** Folder relative to the repository root, e.g. `services/order`. */
  readonly dir: string;
  /** npm package name. */
  readonly packageName: string;
  readonly description: string;
  /** Runtime dependencies: third-party `{ name: version }`. */
  readonly dependencies?: Record<string, string>;
  readonly devDependencies?: Record<string, string>;
  /** Other workspaces this one imports (their folders); become `*` deps and tsconfig references. */
  readonly workspaceDependencies?: readonly WorkspacePackage[];
  /** A library exports `src/index.ts` (source condition) / `dist/index.js`; an app has none. */
  readonly kind: 'library' | 'app';
  /** Extra npm scripts. */
  readonly scripts?: Record<string, string>;
  /** More entry points of a library: `{ './testing': 'testing/index' }` (path under src/ and dist/, no extension). */
  readonly extraExports?: Readonly<Record<string, string>>;
  /** Extra compiler options for this workspace's tsconfig.json. */
  readonly compilerOptions?: Record<string, unknown>;
}

/**
 * One npm workspace of the monorepo: its generated `package.json` and `tsconfig.json`.
 * Every workspace shares the root install and lockfile; `npm run build` at the root builds
 * them all through TypeScript project references.
 */
export class WorkspacePackage extends Component {
  /** This workspace's workspace dependencies and theirs, dependencies first, then itself. */
  static closure(workspace: WorkspacePackage): WorkspacePackage[] {
    const ordered: WorkspacePackage[] = [];
    const visit = (w: WorkspacePackage) => {
      if (ordered.includes(w)) return;
      for (const dependency of w.options.workspaceDependencies ?? []) visit(dependency);
      ordered.push(w);
    };
    visit(workspace);
    return ordered;
  }

  /** Every workspace registered in a project, in registration order. */
  static all(project: Project): WorkspacePackage[] {
    return project.components.filter((c): c is WorkspacePackage => c instanceof WorkspacePackage);
  }

  readonly dir: string;
  readonly packageName: string;
  /** The generated package.json. */
  readonly packageJson: JsonFile;
  private readonly options: WorkspacePackageOptions;

  constructor(project: Project, options: WorkspacePackageOptions) {
    super(project, `workspace:${options.dir}`);
    this.dir = options.dir;
    this.packageName = options.packageName;
    this.options = options;

    this.packageJson = new JsonFile(project, `${options.dir}/package.json`, {
      obj: () => this.renderPackageJson(),
      newline: true,
    });
    new JsonFile(project, `${options.dir}/tsconfig.json`, {
      obj: () => this.renderTsconfig(),
      marker: true,
      allowComments: true,
      newline: true,
    });
  }

  private renderPackageJson(): Record<string, unknown> {
    const o = this.options;
    const workspaceDeps = Object.fromEntries((o.workspaceDependencies ?? []).map((w) => [w.packageName, '*']));
    return {
      name: o.packageName,
      version: '0.0.0',
      private: true,
      description: o.description,
      type: 'module',
      engines: { node: `>=${VERSIONS.nodeMajor}` },
      ...(o.kind === 'library'
        ? {
            exports: Object.fromEntries(
              Object.entries({ '.': 'index', ...o.extraExports }).map(([entry, file]) => [
                entry,
                { [SOURCE_CONDITION]: `./src/${file}.ts`, types: `./dist/${file}.d.ts`, default: `./dist/${file}.js` },
              ]),
            ),
          }
        : {}),
      scripts: {
        build: 'tsc -b',
        test: `vitest run --root ../.. --project ${o.dir}`,
        ...o.scripts,
      },
      dependencies: sortKeys({ ...workspaceDeps, ...o.dependencies }),
      devDependencies: sortKeys(o.devDependencies ?? {}),
    };
  }

  private renderTsconfig(): Record<string, unknown> {
    const up = this.dir
      .split('/')
      .map(() => '..')
      .join('/');
    return {
      extends: `${up}/tsconfig.base.json`,
      compilerOptions: {
        rootDir: 'src',
        outDir: 'dist',
        tsBuildInfoFile: 'dist/.tsbuildinfo',
        ...this.options.compilerOptions,
      },
      include: ['src'],
      references: (this.options.workspaceDependencies ?? []).map((w) => ({ path: `${up}/${w.dir}` })),
    };
  }
}

function sortKeys(record: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(record).sort(([a], [b]) => a.localeCompare(b)));
}
