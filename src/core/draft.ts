// One parsed draft: what every feature reads from a Markdown text, each part computed once, when
// first asked for. The extension keeps one Draft per open document version, so that a keystroke's
// diagnostics, completion and hover share one parse; the CLI makes one per file.
import { findAuthorDateCitations, type AuthorDateCitation } from './citations/authorDate';
import { parsePandocCitations, type PandocCitation } from './citations/pandoc';
import { findReferenceList, type ReferenceList } from './citations/referenceList';
import { citedKeys, type CitedKey } from './languageFeatures/references';
import { readFrontMatter, type FrontMatter } from './markdown/frontMatter';
import { ignoredSpans, markdownBlocks, type MarkdownBlocks, type Span } from './markdown/regions';
import { LineIndex, notTextReason } from './text';
import { findTags, type Tag } from './themes/tags';

/** The parts of a draft, each computed once by `Draft.compute`. */
export interface DraftParts {
  /** Why the text cannot be a Markdown draft (a binary file opened as one), or undefined. */
  notText: string | undefined;
  lines: LineIndex;
  frontMatter: FrontMatter;
  /** Block spans and the breaks that end paragraphs, list items and table cells (one pass over the lines). */
  blocks: MarkdownBlocks;
  /** Where Pandoc reads no citations, tags or prose (code, math, comments, front matter…). */
  ignored: Span[];
  /** Citations of the body (those of the front matter are in `frontMatter.citations`). */
  pandocCitations: PandocCitation[];
  /** Cited keys of the body and of `nocite:`, in text order. */
  citedKeys: CitedKey[];
  /** The draft's own reference list, if it has one. */
  referenceList: ReferenceList | undefined;
  /** Author-date citations in prose, outside the reference list. */
  authorDateCitations: AuthorDateCitation[];
  /** Theme tags (`#theme`) with their scopes. */
  tags: Tag[];
}

const MAKE: { [Part in keyof DraftParts]: (draft: Draft) => DraftParts[Part] } = {
  notText: (draft) => notTextReason(draft.text),
  lines: (draft) => new LineIndex(draft.text),
  frontMatter: (draft) => readFrontMatter(draft.text, draft.path),
  blocks: (draft) => markdownBlocks(draft.text),
  ignored: (draft) => ignoredSpans(draft.text, draft.blocks),
  pandocCitations: (draft) => parsePandocCitations(draft.text, draft.ignored, draft.blocks.breaks),
  citedKeys: (draft) => citedKeys(draft.text, draft.ignored, draft.pandocCitations),
  referenceList: (draft) => findReferenceList(draft.text, draft.path, draft.ignored, draft.lines),
  authorDateCitations: (draft) => {
    const list = draft.referenceList;
    return findAuthorDateCitations(draft.text, list ? [{ start: list.start, end: list.end }] : [], draft.ignored);
  },
  // a binary file opened as a draft has no tags
  tags: (draft) => (draft.notText ? [] : findTags(draft.text, draft.ignored, draft.lines)),
};

export class Draft {
  private readonly parts: Partial<DraftParts> = {};

  /** `path` names the draft in front matter problems and is the source of its reference-list entries. */
  constructor(
    readonly text: string,
    readonly path = 'document',
  ) {}

  /** `input` itself when it is a Draft already; else a new Draft of the text. */
  static of(input: Draft | string, path?: string): Draft {
    return input instanceof Draft ? input : new Draft(input, path);
  }

  get notText(): string | undefined {
    return this.part('notText');
  }
  get lines(): LineIndex {
    return this.part('lines');
  }
  get frontMatter(): FrontMatter {
    return this.part('frontMatter');
  }
  get blocks(): MarkdownBlocks {
    return this.part('blocks');
  }
  get ignored(): Span[] {
    return this.part('ignored');
  }
  get pandocCitations(): PandocCitation[] {
    return this.part('pandocCitations');
  }
  get citedKeys(): CitedKey[] {
    return this.part('citedKeys');
  }
  get referenceList(): ReferenceList | undefined {
    return this.part('referenceList');
  }
  get authorDateCitations(): AuthorDateCitation[] {
    return this.part('authorDateCitations');
  }
  get tags(): Tag[] {
    return this.part('tags');
  }

  /** Computes one part from the text (the getters call it once per part). */
  protected compute<Part extends keyof DraftParts>(part: Part): DraftParts[Part] {
    return MAKE[part](this);
  }

  private part<Part extends keyof DraftParts>(part: Part): DraftParts[Part] {
    if (!(part in this.parts)) this.parts[part] = this.compute(part);
    return this.parts[part] as DraftParts[Part];
  }
}
