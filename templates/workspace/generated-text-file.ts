import { TextFile } from 'projen';
import type { Project } from 'projen';
import { generatedHeader } from './generated-header.js';

export interface GeneratedTextFileOptions {
  /** Comment syntax of the file, for the generated-header line. */
  readonly comment: '//' | '#';
  /** Renders the file's lines (without the header); a pure function of the config. */
  readonly render: () => string[];
  /** Make the file executable (scripts, git hooks). */
  readonly executable?: boolean;
}

/** A generated, read-only text file: the generated-header comment, then the rendered lines. */
export class GeneratedTextFile extends TextFile {
  private readonly options: GeneratedTextFileOptions;

  constructor(project: Project, filePath: string, options: GeneratedTextFileOptions) {
    super(project, filePath, { readonly: true, marker: false, executable: options.executable ?? false });
    this.options = options;
  }

  protected override synthesizeContent(): string {
    return [...generatedHeader(this.options.comment), ...this.options.render(), ''].join('\n');
  }
}
