// Scores reviewer mode (author-date checking) on the labelled real articles of test/fixtures/author-date-jats,
// made by convert-jats.ts: each article is checked twice, against its own APA reference list (list mode) and,
// without the list, against its .bib with plain years (library mode).
import * as fs from 'fs';
import * as path from 'path';
import { checkAuthorDate } from '../../src/core/citations/authorDateCheck';
import { extractReferences } from '../../src/core/citations/extractReferences';
import { parseBibtex } from '../../src/core/library/bibtex';
import { foldVariants } from '../../src/core/citations/authorDateCheck';
import type { LibraryEntry } from '../../src/core/types';
import type { CaseLabels } from './convert-jats';

export interface ModeScore {
  citations: number;
  detected: number;
  /** Items recognised where no labelled citation is. */
  spurious: number;
  seededSpans: number;
  seededFlagged: number;
  flags: number;
  correctFlags: number;
  /** Right flags on the articles' own errors (genuine.json), counted in correctFlags. */
  genuineFlags: number;
  /** Detected, not seeded citations whose keys are the labelled ones. */
  linked: number;
  linkable: number;
  /** Reference-list reading (list mode, on articles labelled with listItems): items, and those read right. */
  listItems: number;
  itemsSplit: number;
  firstAuthors: number;
  years: number;
  extraItems: number;
  /** Extract References on the same lists: labelled items whose .bib has a title (a journal), and those it read the same. */
  titleItems: number;
  titles: number;
  journalItems: number;
  journals: number;
  mistakes: string[];
}

export interface CorpusScore {
  articles: number;
  list: ModeScore;
  bib: ModeScore;
}

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) => a.start < b.end && b.start < a.end;

function emptyScore(): ModeScore {
  return {
    citations: 0, detected: 0, spurious: 0, seededSpans: 0, seededFlagged: 0, flags: 0, correctFlags: 0, genuineFlags: 0, linked: 0, linkable: 0,
    listItems: 0, itemsSplit: 0, firstAuthors: 0, years: 0, extraItems: 0, titleItems: 0, titles: 0, journalItems: 0, journals: 0, mistakes: [],
  };
}

/** The articles' own errors, checked by hand: flags on them are right. */
interface Genuine {
  errors: Array<{ name: string; line: number; text: string }>;
  uncited: Array<{ name: string; key: string }>;
}

/** Scores one article in one mode, adding to `score`. */
function scoreArticle(labels: CaseLabels, text: string, bib: string | undefined, genuine: Genuine, score: ModeScore): void {
  const library = bib === undefined ? [] : parseBibtex(bib, `${labels.name}.bib`).entries;
  const result = checkAuthorDate(text, library, { path: `${labels.name}.md` });
  const items = result.citations.flatMap((citation) => citation.items);
  // List mode: reference-list entries are read from the text; map them to the labelled keys by their order.
  const listKey = new Map<string, string>();
  result.referenceList?.entries.forEach((entry, i) => listKey.set(entry.key, labels.listKeys[i] ?? '?'));
  const keyOf = (key: string) => (bib === undefined ? listKey.get(key) ?? key : key);
  const seededSpans = labels.seeded.flatMap((error) => error.spans);
  const where = (offset: number) => `${labels.name}:${text.slice(0, offset).split('\n').length}`;

  for (const citation of labels.citations) {
    score.citations++;
    const found = items.filter((item) => overlaps(item, citation));
    if (found.length === 0) {
      score.mistakes.push(`missed ${where(citation.start)} ${citation.text}`);
      continue;
    }
    score.detected++;
    if (seededSpans.some((span) => overlaps(span, citation))) continue;
    score.linkable++;
    const keys = new Set(found.flatMap((item) => (item.status === 'matched' ? item.keys.map(keyOf) : [])));
    if (citation.keys.every((key) => keys.has(key))) score.linked++;
    else score.mistakes.push(`link ${where(citation.start)} ${citation.text} → ${[...keys].join(',') || found.map((item) => item.status).join(',')} (want ${citation.keys.join(',')})`);
  }
  for (const item of items) {
    if (!labels.citations.some((citation) => overlaps(item, citation))) {
      score.spurious++;
      score.mistakes.push(`spurious ${where(item.start)} ${item.text}`);
    }
  }
  for (const span of seededSpans) {
    score.seededSpans++;
    if (items.some((item) => item.status !== 'matched' && overlaps(item, span))) score.seededFlagged++;
    else score.mistakes.push(`seeded not flagged ${where(span.start)} ${text.slice(span.start, span.end)}`);
  }
  // `Ficsher 1972, 1998`: the years after a misspelt name are rightly flagged too.
  const consequences = labels.citations.filter((citation, i) => {
    for (let j = i - 1; j >= 0 && /^\d{4}[a-z]?$/.test(labels.citations[j + 1].text); j--) {
      if (!/^\s*[,;]\s*$/.test(text.slice(labels.citations[j].end, labels.citations[j + 1].start))) return false;
      const previous = labels.citations[j];
      if (labels.seeded.some((error) => error.kind === 'misspelt-name' && error.spans.some((span) => overlaps(span, previous)))) return citation !== previous;
    }
    return false;
  });
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  const isGenuine = (item: { start: number; text: string }) =>
    genuine.errors.some((error) => error.name === labels.name && error.line === lineOf(item.start) && error.text === item.text);
  for (const item of items) {
    if (item.status === 'matched') continue;
    score.flags++;
    if (seededSpans.some((span) => overlaps(span, item)) || consequences.some((span) => overlaps(span, item))) score.correctFlags++;
    else if (isGenuine(item)) {
      score.correctFlags++;
      score.genuineFlags++;
    } else {
      // (the diagnostic of this item: its line and column, not only its line, which may hold other flagged citations)
      const column = item.start - (text.lastIndexOf('\n', item.start - 1) + 1);
      const message = result.diagnostics.find((d) => d.code === item.status && lineOf(item.start) === d.range.start.line + 1 && d.range.start.character === column)?.message;
      score.mistakes.push(`false flag ${where(item.start)} ${item.text}: ${message ?? item.status}`);
    }
  }
  // A reference whose every citation was seeded wrong is rightly uncited.
  const reached = new Set(labels.citations.filter((c) => !seededSpans.some((span) => overlaps(span, c))).flatMap((c) => c.keys));
  // A numbered or unlinked article cites its references in ways the labels do not hold: none is rightly uncited.
  const linked = (labels.style ?? 'author-date') === 'author-date';
  const uncited = new Set(linked ? [...labels.uncited, ...labels.listKeys.filter((key) => !reached.has(key))] : []);
  const genuineUncited = new Set(genuine.uncited.filter((error) => error.name === labels.name).map((error) => error.key));
  for (const diagnostic of result.diagnostics) {
    if (diagnostic.code !== 'uncited') continue;
    score.flags++;
    const entry = result.referenceList?.entries.find((e) => e.startLine === diagnostic.range.start.line);
    if (entry && uncited.has(keyOf(entry.key))) score.correctFlags++;
    else if (entry && genuineUncited.has(keyOf(entry.key))) {
      score.correctFlags++;
      score.genuineFlags++;
    }
    else score.mistakes.push(`false uncited ${labels.name}:${diagnostic.range.start.line + 1} ${diagnostic.message}`);
  }
  if (bib === undefined && labels.listItems) scoreList(labels, result.referenceList?.entries ?? [], score);
}

/** Each labelled item must be one entry starting on its line, with its first author's family name and its year. */
function scoreList(labels: CaseLabels, entries: LibraryEntry[], score: ModeScore): void {
  const byLine = new Map(entries.map((entry) => [entry.startLine, entry]));
  const fold = (name: string) => foldVariants(name)[0] ?? '';
  for (const item of labels.listItems ?? []) {
    score.listItems++;
    const entry = byLine.get(item.line);
    if (!entry) {
      score.mistakes.push(`list item not split ${labels.name}:${item.line + 1} ${item.family} ${item.year}`);
      continue;
    }
    score.itemsSplit++;
    const person = entry.authors[0] ?? entry.editors[0];
    const family = person?.family ?? person?.literal ?? '';
    if (fold(family) === fold(item.family)) score.firstAuthors++;
    else score.mistakes.push(`list author ${labels.name}:${item.line + 1} read ${JSON.stringify(family)} (want ${JSON.stringify(item.family)})`);
    if ((entry.year ?? '') === item.year) score.years++;
    else score.mistakes.push(`list year ${labels.name}:${item.line + 1} read ${entry.year} (want ${item.year})`);
  }
  const lines = new Set((labels.listItems ?? []).map((item) => item.line));
  for (const entry of entries) {
    if (lines.has(entry.startLine)) continue;
    score.extraItems++;
    score.mistakes.push(`list extra item ${labels.name}:${entry.startLine + 1}`);
  }
}

/** Letters and digits only, lower case: a title or journal read right whatever its quotes, dashes and case. */
const bare = (text: string | undefined) => (text ?? '').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, '');

/**
 * Extract References on the article's own list: each labelled item's title and journal against the
 * article's .bib, made from its JATS source (convert-jats.ts).
 */
function scoreExtraction(labels: CaseLabels, text: string, bib: string, score: ModeScore): void {
  const truth = new Map(parseBibtex(bib, `${labels.name}.bib`).entries.map((entry) => [entry.key, entry]));
  // (a reference's line is 1-based, a labelled item's 0-based)
  const byLine = new Map((extractReferences(text, `${labels.name}.json`)?.references ?? []).map((reference) => [reference.line - 1, reference.entry]));
  for (const item of labels.listItems ?? []) {
    const expected = truth.get(item.key);
    const entry = byLine.get(item.line);
    if (expected?.title) {
      score.titleItems++;
      if (bare(entry?.title) === bare(expected.title)) score.titles++;
      else score.mistakes.push(`extracted title ${labels.name}:${item.line + 1} ${JSON.stringify(entry?.title)} (want ${JSON.stringify(expected.title)})`);
    }
    if (expected?.container) {
      score.journalItems++;
      if (bare(entry?.container) === bare(expected.container)) score.journals++;
      else score.mistakes.push(`extracted journal ${labels.name}:${item.line + 1} ${JSON.stringify(entry?.container)} (want ${JSON.stringify(expected.container)})`);
    }
  }
}

export function scoreCorpus(dir: string, names?: string[]): CorpusScore {
  const files = fs.readdirSync(dir).filter((file) => file.endsWith('.labels.json')).sort();
  const chosen = names ? files.filter((file) => names.includes(file.replace('.labels.json', ''))) : files;
  const score: CorpusScore = { articles: chosen.length, list: emptyScore(), bib: emptyScore() };
  const genuine = JSON.parse(fs.readFileSync(path.join(dir, 'genuine.json'), 'utf8')) as Genuine;
  for (const file of chosen) {
    const labels = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as CaseLabels;
    const text = fs.readFileSync(path.join(dir, `${labels.name}.md`), 'utf8');
    const bib = fs.readFileSync(path.join(dir, `${labels.name}.bib`), 'utf8');
    scoreArticle(labels, text, undefined, genuine, score.list);
    if (labels.listItems) scoreExtraction(labels, text, bib, score.list);
    scoreArticle(labels, text.slice(0, labels.bodyLength), bib, genuine, score.bib);
  }
  return score;
}

export const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);

export function describeScore(name: string, score: ModeScore): string {
  const f = (x: number) => x.toFixed(3);
  return `${name.padEnd(8)} detection ${f(ratio(score.detected, score.citations))} (${score.detected}/${score.citations}, ${score.spurious} spurious)` +
    `  seeded recall ${f(ratio(score.seededFlagged, score.seededSpans))} (${score.seededFlagged}/${score.seededSpans})` +
    `  precision ${f(ratio(score.correctFlags, score.flags))} (${score.correctFlags}/${score.flags}, ${score.genuineFlags} on the articles' own errors)` +
    `  links ${f(ratio(score.linked, score.linkable))} (${score.linked}/${score.linkable})` +
    (score.listItems ? `\n${''.padEnd(8)} list reading: items ${f(ratio(score.itemsSplit, score.listItems))} (${score.itemsSplit}/${score.listItems}, ${score.extraItems} extra)` +
      `  first authors ${f(ratio(score.firstAuthors, score.listItems))}  years ${f(ratio(score.years, score.listItems))}` +
      `\n${''.padEnd(8)} extract references: titles ${f(ratio(score.titles, score.titleItems))} (${score.titles}/${score.titleItems})` +
      `  journals ${f(ratio(score.journals, score.journalItems))} (${score.journals}/${score.journalItems})` : '');
}
