import * as vscode from 'vscode';
import type { MatrixPassage, MatrixTheme, SynthesisMatrix } from '../../core/themes/matrix';
import { plural } from '../../core/text';
import type { ThemeModel } from './model';

/** A node of the Themes view: a theme, a tagged passage, or a source (cited in a passage, or tagged directly). */
export type ThemeNode =
  | { kind: 'theme'; column: number }
  | { kind: 'passage'; passage: number }
  | { kind: 'source'; key: string; passage?: number; column?: number };

/**
 * The codebook as a tree: each theme holds its sub-themes, the passages tagged with it (file, line,
 * first words) with the sources cited inside, and the sources the codebook gives it as a whole.
 * Counts come from the synthesis matrix, so view and matrix always agree.
 */
export class ThemesTreeProvider implements vscode.TreeDataProvider<ThemeNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly model: ThemeModel) {
    this.subscription = model.onDidChange(() => this.changed.fire());
  }

  getChildren(node?: ThemeNode): ThemeNode[] {
    const matrix = this.model.matrix();
    if (!node) return matrix.themes.flatMap((theme, column) => (theme.depth === 0 ? [{ kind: 'theme' as const, column }] : []));
    if (node.kind === 'passage') return matrix.passages[node.passage].keys.map((key) => ({ kind: 'source', key, passage: node.passage }));
    if (node.kind === 'source') return [];
    const theme = matrix.themes[node.column];
    const subThemes = subThemeColumns(matrix, node.column).map((column): ThemeNode => ({ kind: 'theme', column }));
    const passages = matrix.passages.flatMap((passage, index): ThemeNode[] => (passage.themes.includes(theme.id) ? [{ kind: 'passage', passage: index }] : []));
    const direct = this.directSources(node.column).map((key): ThemeNode => ({ kind: 'source', key, column: node.column }));
    return [...subThemes, ...passages, ...direct];
  }

  getTreeItem(node: ThemeNode): vscode.TreeItem {
    const matrix = this.model.matrix();
    if (node.kind === 'theme') return this.themeItem(matrix.themes[node.column], this.getChildren(node).length > 0);
    if (node.kind === 'passage') return this.passageItem(matrix.passages[node.passage]);
    const row = matrix.rows.find((candidate) => candidate.key === node.key);
    const item = new vscode.TreeItem(row?.label ?? node.key, vscode.TreeItemCollapsibleState.None);
    const passages = plural(row?.total ?? 0, 'passage');
    item.description = node.column === undefined ? `${node.key} \u00b7 ${passages}` : `${node.key} \u00b7 theme of the whole source \u00b7 ${passages}`;
    item.tooltip = `${node.key}: cited in ${passages} tagged in the drafts`;
    item.iconPath = new vscode.ThemeIcon('book');
    item.contextValue = 'citemark.source';
    const target = this.sourceLocation(node);
    if (target) item.command = openCommand(target.uri, target.line, 'Open the source');
    return item;
  }

  private themeItem(theme: MatrixTheme, hasChildren: boolean): vscode.TreeItem {
    const item = new vscode.TreeItem(theme.label, hasChildren ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `theme:${theme.path}`;
    item.description = `${plural(theme.passages.length, 'passage')} \u00b7 ${plural(theme.sources, 'source')}`;
    item.tooltip = [`#${theme.path}`, theme.description, 'Counts include sub-themes.'].filter(Boolean).join('\n');
    item.iconPath = new vscode.ThemeIcon('tag');
    item.contextValue = 'citemark.theme';
    return item;
  }

  private passageItem(passage: MatrixPassage): vscode.TreeItem {
    const collapsible = passage.keys.length > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None;
    const item = new vscode.TreeItem(passage.preview || '(empty passage)', collapsible);
    item.description = `${passage.path}:${passage.line + 1} \u00b7 ${plural(passage.keys.length, 'source')}`;
    item.tooltip = `${passage.path}, lines ${passage.line + 1}\u2013${passage.endLine + 1} (${passage.kind})`;
    item.iconPath = new vscode.ThemeIcon('note');
    const uri = this.model.uriOf(passage.path);
    if (uri) item.command = openCommand(uri, passage.line, 'Open the passage');
    return item;
  }

  /** Sources given this theme as a whole, and not only through one of its sub-themes. */
  private directSources(column: number): string[] {
    const matrix = this.model.matrix();
    const id = matrix.themes[column].id;
    const children = subThemeColumns(matrix, column);
    const inCodebook = new Set(this.model.codebook.sources.filter((source) => source.themeId === id).map((source) => source.key));
    return matrix.rows
      .filter((row) => inCodebook.has(row.key) || (row.cells[column].direct && !children.some((child) => row.cells[child].direct)))
      .map((row) => row.key);
  }

  /** The entry in its library; for a source tagged directly without a library entry, its line in the codebook. */
  private sourceLocation(node: ThemeNode & { kind: 'source' }): { uri: vscode.Uri; line: number } | undefined {
    const entry = this.model.entry(node.key);
    if (entry) return { uri: vscode.Uri.file(entry.source), line: entry.startLine };
    const codebook = this.model.codebookUri();
    const tagged = this.model.codebook.sources.find((source) => source.key === node.key);
    return codebook && tagged ? { uri: codebook, line: tagged.line } : undefined;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

/** Columns of the direct sub-themes of `column`'s theme. */
function subThemeColumns(matrix: SynthesisMatrix, column: number): number[] {
  const parent = matrix.themes[column];
  return matrix.themes.flatMap((theme, index) => (theme.depth === parent.depth + 1 && theme.path === `${parent.path}/${theme.id}` ? [index] : []));
}

/** Opens the text editor at `line`: `default` even where *.md opens in the Markdown preview by association. */
function openCommand(uri: vscode.Uri, line: number, title: string): vscode.Command {
  const selection = new vscode.Range(line, 0, line, 0);
  return { title, command: 'vscode.openWith', arguments: [uri, 'default', { selection } satisfies vscode.TextDocumentShowOptions] };
}
