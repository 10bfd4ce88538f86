import * as vscode from 'vscode';
import { escapeMarkdown } from '../../core/languageFeatures/hover';
import { resolveTheme, type Theme } from '../../core/themes/codebook';
import { addThemeEdits, newThemeFromTag, renameThemeEdits } from '../../core/themes/edits';
import { tagDiagnostics, tagPrefixAt, type Tag } from '../../core/themes/tags';
import { plural } from '../../core/text';
import type { CitemarkDiagnostic, Severity } from '../../core/types';
import { SEVERITY, toRange } from '../convert';
import { DraftScheduler, draftOf, isDraft, workspaceDrafts } from '../drafts';
import type { ThemeModel } from './model';

/** A theme diagnostic that keeps the tag as written and the closest themes, for the quick fixes. */
export class ThemeDiagnostic extends vscode.Diagnostic {
  constructor(readonly original: CitemarkDiagnostic, readonly ref: string, severity: vscode.DiagnosticSeverity) {
    super(toRange(original.range), original.message, severity);
    this.code = original.code;
    this.source = 'citemark';
  }
}

/** The tag whose `#` or reference holds `offset`. */
function tagAt(tags: Tag[], offset: number): Tag | undefined {
  return tags.find((tag) => tag.start <= offset && offset <= tag.end);
}

/** Theme ids after `#` (and after `/` inside a tag), with label and description. */
export class ThemeCompletionProvider implements vscode.CompletionItemProvider {
  constructor(private readonly model: ThemeModel) {}

  provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): vscode.CompletionItem[] | undefined {
    const draft = draftOf(document);
    const typed = tagPrefixAt(draft.text, document.offsetAt(position), draft.ignored);
    if (!typed || this.model.codebook.themes.length === 0) return undefined;
    const range = new vscode.Range(document.positionAt(typed.start + 1), position);
    return this.model.codebook.themes.map((theme) => {
      const item = new vscode.CompletionItem({ label: theme.path, description: theme.label }, vscode.CompletionItemKind.EnumMember);
      item.insertText = theme.path;
      item.filterText = theme.path;
      item.range = range;
      if (theme.description) item.documentation = new vscode.MarkdownString(escapeMarkdown(theme.description));
      return item;
    });
  }
}

/** On a tag: the theme's label, description and how many passages and sources carry it. */
export class ThemeHoverProvider implements vscode.HoverProvider {
  constructor(private readonly model: ThemeModel) {}

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const tag = tagAt(this.model.tagsOf(document), document.offsetAt(position));
    if (!tag || !this.model.codebookExists) return undefined;
    const theme = resolveTheme(this.model.codebook, tag.ref);
    const range = toRange(tag.range);
    // Not trusted and escaped: codebook text can never run a command or script here.
    if (!theme) return new vscode.Hover(new vscode.MarkdownString(`Theme **${escapeMarkdown(tag.ref)}** is not in the codebook.`), range);
    const column = this.model.matrix().themes.find((candidate) => candidate.id === theme.id);
    const passages = column?.passages.length ?? 0;
    const sources = column?.sources ?? 0;
    const lines = [
      `**${escapeMarkdown(theme.label)}** \u2014 ${escapeMarkdown(theme.path)}`,
      ...(theme.description ? [escapeMarkdown(theme.description)] : []),
      `${plural(passages, 'tagged passage')} \u00b7 ${plural(sources, 'source')} (sub-themes included)`,
    ];
    return new vscode.Hover(new vscode.MarkdownString(lines.join('\n\n')), range);
  }
}

/** `unknown-theme` in open drafts (only when a codebook exists) and the codebook's own problems. */
export class ThemeDiagnostics implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('citemark-themes');
  private readonly scheduler = new DraftScheduler((document) => this.update(document));
  private readonly disposables: vscode.Disposable[] = [this.collection, this.scheduler];
  private codebookUri?: vscode.Uri;

  constructor(private readonly model: ThemeModel) {
    this.disposables.push(
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (isDraft(document)) this.collection.delete(document.uri);
      }),
      model.onDidChange(() => this.refreshAll()),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('citemark.diagnostics.unknownTheme')) this.refreshAll();
      }),
    );
  }

  refreshAll(): void {
    if (this.codebookUri) this.collection.delete(this.codebookUri);
    this.codebookUri = this.model.codebookUri();
    if (this.codebookUri && this.model.codebookExists) {
      this.collection.set(this.codebookUri, this.model.codebook.diagnostics.map((diagnostic) => new ThemeDiagnostic(diagnostic, '', SEVERITY[diagnostic.severity])));
    }
    this.scheduler.scheduleAll();
  }

  private update(document: vscode.TextDocument): void {
    if (document.isClosed) return;
    const level = vscode.workspace.getConfiguration('citemark.diagnostics').get<Severity | 'ignore'>('unknownTheme', 'warning');
    const severity = level === 'ignore' ? undefined : SEVERITY[level];
    if (!this.model.codebookExists || severity === undefined) {
      this.collection.delete(document.uri);
      return;
    }
    const diagnostics = this.model.tagsOf(document).flatMap((tag) =>
      tagDiagnostics([tag], this.model.codebook).map((diagnostic) => new ThemeDiagnostic(diagnostic, tag.ref, severity)),
    );
    this.collection.set(document.uri, diagnostics);
  }

  dispose(): void {
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}

/** For an unknown tag: change it to a close theme, or add it to the codebook. */
export class ThemeCodeActionProvider implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly model: ThemeModel) {}

  async provideCodeActions(document: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): Promise<vscode.CodeAction[]> {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (!(diagnostic instanceof ThemeDiagnostic) || diagnostic.original.code !== 'unknown-theme') continue;
      for (const [i, suggestion] of (diagnostic.original.suggestions ?? []).entries()) {
        const action = new vscode.CodeAction(`Change to #${suggestion}`, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        action.edit.replace(document.uri, diagnostic.range, `#${suggestion}`);
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        actions.push(action);
      }
      const theme = newThemeFromTag(this.model.codebook, diagnostic.ref);
      if (!theme) continue;
      try {
        const codebook = await this.model.currentCodebook();
        const edits = addThemeEdits(codebook.text, codebook.path, theme);
        const title = theme.parent ? `Add theme '${theme.id}' under '${theme.parent}' to the codebook` : `Add theme '${theme.id}' to the codebook`;
        const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
        action.edit = await this.model.workspaceEdit(edits);
        action.diagnostics = [diagnostic];
        actions.push(action);
      } catch {
        // The codebook cannot take the theme as written (flow list, invalid YAML): only the other fixes.
      }
    }
    return actions;
  }
}

/** Which theme a rename at `offset` is about, and where its id is written there. */
interface RenameTarget {
  theme: Theme;
  start: number;
  end: number;
}

/** Renames a theme id across the codebook and every draft, from a tag or from the codebook itself. */
export class ThemeRenameProvider implements vscode.RenameProvider {
  constructor(private readonly model: ThemeModel) {}

  prepareRename(document: vscode.TextDocument, position: vscode.Position): vscode.Range | undefined {
    const target = this.targetAt(document, position);
    return target && new vscode.Range(document.positionAt(target.start), document.positionAt(target.end));
  }

  async provideRenameEdits(document: vscode.TextDocument, position: vscode.Position, newName: string): Promise<vscode.WorkspaceEdit | undefined> {
    const target = this.targetAt(document, position);
    if (!target) return undefined;
    const codebook = await this.model.currentCodebook();
    const drafts = await workspaceDrafts();
    const texts = drafts.map(({ uri, draft }) => ({ path: this.model.pathOf(uri), text: draft.text }));
    const edits = renameThemeEdits(codebook.text, codebook.path, texts, target.theme.id, newName.replace(/^#/, ''));
    return this.model.workspaceEdit(edits, drafts.map(({ uri }) => uri));
  }

  /** A segment of a known tag in a draft; an id, `parent:` value or `sources:` reference in the codebook. */
  private targetAt(document: vscode.TextDocument, position: vscode.Position): RenameTarget | undefined {
    const offset = document.offsetAt(position);
    const codebook = this.model.codebook;
    if (document.uri.toString() === this.model.codebookUri()?.toString()) {
      const word = document.getWordRangeAtPosition(position, /[\p{L}\p{N}_-]+/u);
      if (!word) return undefined;
      const start = document.offsetAt(word.start);
      const theme = codebook.themes.find((candidate) => candidate.id === document.getText(word));
      const written =
        codebook.themes.some((candidate) => candidate.idOffset === start || candidate.parentOffset === start) ||
        codebook.sources.some((source) => source.offset <= start && start < source.offset + source.ref.length);
      return theme && written ? { theme, start, end: document.offsetAt(word.end) } : undefined;
    }
    if (!isDraft(document)) return undefined;
    const tag = tagAt(this.model.tagsOf(document), offset);
    if (!tag) return undefined;
    if (!resolveTheme(codebook, tag.ref)) throw new Error(`Theme '${tag.ref}' is not in the codebook: add it before renaming`);
    let start = tag.start + 1;
    for (const segment of tag.ref.split('/')) {
      const end = start + segment.length;
      if (offset <= end) {
        const theme = codebook.themes.find((candidate) => candidate.id === segment);
        return theme && { theme, start, end };
      }
      start = end + 1;
    }
    return undefined;
  }
}

/** Colours each known tag with its theme's colour (or its nearest ancestor's). */
export class TagDecorations implements vscode.Disposable {
  private types = new Map<string, vscode.TextEditorDecorationType>();
  private signature = '';
  private readonly disposables: vscode.Disposable[] = [];
  private timer?: NodeJS.Timeout;

  constructor(private readonly model: ThemeModel) {
    this.disposables.push(
      model.onDidChange(() => this.rebuild()),
      vscode.window.onDidChangeVisibleTextEditors(() => this.decorateAll()),
      vscode.workspace.onDidChangeTextDocument(({ document }) => {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => this.decorateAll(document), 100);
      }),
    );
    // (no colours before the model's first load, which rebuilds: it has no themes yet)
  }

  /** New decoration types only when a theme's colour changed: recreating them on every edit would flicker. */
  private rebuild(): void {
    const colours = new Map(this.model.codebook.themes.flatMap((theme) => {
      const color = this.colourOf(theme);
      return color ? [[theme.id, color] as const] : [];
    }));
    const signature = JSON.stringify([...colours]);
    if (signature !== this.signature) {
      this.signature = signature;
      this.types.forEach((type) => type.dispose());
      this.types = new Map([...colours].map(([id, color]) => [id, vscode.window.createTextEditorDecorationType({ color, fontWeight: '600' })]));
    }
    this.decorateAll();
  }

  private colourOf(theme: Theme): string | undefined {
    const byId = new Map(this.model.codebook.themes.map((candidate) => [candidate.id, candidate]));
    for (let current: Theme | undefined = theme; current; current = current.parent ? byId.get(current.parent) : undefined) {
      if (current.color) return current.color;
    }
    return undefined;
  }

  private decorateAll(only?: vscode.TextDocument): void {
    // No theme has a colour (or the codebook is not read yet): nothing to colour, no draft to parse.
    if (this.types.size === 0) return;
    for (const editor of vscode.window.visibleTextEditors) {
      if (!isDraft(editor.document) || (only && editor.document !== only)) continue;
      const ranges = new Map<string, vscode.Range[]>();
      for (const tag of this.model.tagsOf(editor.document)) {
        const theme = resolveTheme(this.model.codebook, tag.ref);
        if (theme && this.types.has(theme.id)) ranges.set(theme.id, [...(ranges.get(theme.id) ?? []), toRange(tag.range)]);
      }
      this.types.forEach((type, id) => editor.setDecorations(type, ranges.get(id) ?? []));
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.types.forEach((type) => type.dispose());
    this.disposables.forEach((disposable) => disposable.dispose());
  }
}
