// Finds a manuscript's own reference list (a section headed References, Bibliography, Works Cited,
// Literature) and reads each item into a LibraryEntry, so that a draft without a .bib can be checked.
import { ignoredSpans, inSpans, spanAt, type Span } from '../markdown/regions';
import { AND, GROUP_WORDS, laterYear, NAME_PARTICLES, ORGANISATION, readYear } from './authorDate';
import { LineIndex } from '../text';
import type { LibraryEntry, Person } from '../types';
import { creditedPeople } from '../library/names';

export interface ReferenceList {
  /** Offsets of the section: from its heading to the next heading of the same or a higher level. */
  start: number;
  end: number;
  entries: LibraryEntry[];
}

// English, then German, French, Spanish, Portuguese, Italian, Dutch and Scandinavian words.
const HEADING_WORDS = String.raw`(?:references?(?: cited| and notes)?|reference list|list of references|cited references|bibliography|works cited|` +
  String.raw`literature(?: cited)?|cited literature|sources|(?:(?:verwendete|zitierte|benutzte) )?literatur(?:verzeichnis|angaben)?|` +
  String.raw`quellen(?:- und literatur)?(?:verzeichnis)?|literatur- und quellenverzeichnis|r[ée]f[ée]rences(?: bibliographiques)?|` +
  String.raw`bibliographie|bibliografie|ouvrages cit[ée]s|bibliograf[íi]a(?: citada| consultada)?|referencias(?: bibliogr[áa]ficas)?|refer[êe]ncias(?: bibliogr[áa]ficas)?|` +
  String.raw`literatura (?:citada|consultada)|obras citadas|riferimenti(?: bibliografici)?|` +
  String.raw`literatuur(?:lijst)?|referenties|litteratur(?:liste)?|kilder)`;
/** `References`, `**REFERENCES**`, `_References:_`, `7. References`, `**References:**`, `Literatur[^9]` (a note on the heading). */
const HEADING_TEXT = String.raw`(?:\d+(?:\.\d+)*\.?[ \t]+|[IVX]+\.[ \t]+)?(?<emphasis>[*_]{1,2})?${HEADING_WORDS}:?\k<emphasis>?:?(?:\[\^[^\]\s]+\]|\^\[[^\]]*\])?`;
const ATX_HEADING = new RegExp(String.raw`^(#{1,6})[ \t]+${HEADING_TEXT}[ \t]*#*[ \t]*(?:\{[^}]*\})?[ \t]*$`, 'iu');
const PLAIN_HEADING = new RegExp(String.raw`^${HEADING_TEXT}[ \t]*$`, 'iu');
// At most three digits: `2016. The association...` continues an item whose authors filled the line before.
export const LIST_MARKER = /^[ \t]*(?:[-*+]|\d{1,3}[.)]|\[\d{1,3}\])[ \t]+/;
/** A Markdown link, its address holding parentheses one deep (`(https://doi.org/10.1016/0278-2626(90)90029-N)`): its text is kept. */
export const MARKDOWN_LINK = /\[([^[\]]*)\]\((?:[^()[\]]|\([^()[\]]*\))*\)/g;
/** A `*` or `_` (or two) that opens or closes emphasis in a list item: `*Journal*, *7*(3)`. */
export const EMPHASIS_MARK = /(^|[\s(])[*_]{1,2}|[*_]{1,2}(?=[\s.,:;)?!]|$)/g;
/**
 * A part of a name in brackets or parentheses (`World Health Organization (WHO)`). Neither it nor a
 * link above holds a bracket of another pair: each scan from an opener ends at the next bracket, where
 * one to the end of the text from every opener took quadratic time.
 */
export const BRACKETED = /[[(][^[\]()]*[\])]/gu;

/** The name without a part in brackets or parentheses at its end, nor the spaces before it. */
export function withoutFinalGroup(name: string): string {
  const group = /[[(][^[\]()]*[\])]\s*$/u.exec(name);
  return group ? name.slice(0, group.index).trimEnd() : name;
}
// A bare year ends at a blank or the end, or (Vancouver, `Science. 2004;305(5682):362–6.`, `1984:1–70.`) before the volume or pages.
// `1985/1996`, `2011/1979`: first published and the edition cited, in either order (see yearText).
// (Chicago writes a work in press or without date without parentheses: `Brandmaier, A. M., and R. C. Jacobucci. in press.
// "Title."`, `Voß, Jakob, and Christian Thiele. n.d. "Title."`; Elsevier's Harvard `Hornung, R., Kammer, M., n.d. Title.`)
// The Unified Style Sheet for Linguistics: `1975/76` (listed under 1975), `1944[1962]` (the edition cited, then the
// first), `2002-` (a corpus still growing), `to appear`; `1912-1913.` (listed under the first; a range of pages is no
// year: `116, 1137–1150, 1988.`), `2007?.`
const YEAR_IN_ITEM =
  /\((?:\d{4}\/(?=\d{4}))?(\d{4})([a-z])?(?:[,/–-][^)]*)?\)|\((n\.\s?d\.|o\.\s?J\.|s\.\s?[df]\.|[Ii]n press|forthcoming|to appear)(?:-([a-z]))?\)|(?<=^|[\s,.])(?:\d{4}\/(?=\d{4}))?(\d{4})([a-z])?(?:\/\d{2}(?!\d)|\[\d{4}\]|[-–](?=\.)|(?<=(?:1[5-9]|20)\d\d)[-–]{1,2}(?:1[5-9]|20)?\d\d(?!\d)|\?)?(?=[.,;:)]?(?:\s|$)|[;:]\d)|(?<=\.\s)([Ii]n press|[Ff]orthcoming|[Tt]o appear)(?=\.?\s)|(?<=[.,]\s)(n\.\s?d\.(?:-[a-z])?)(?=\.?\s)/u;
/** When a web page was read (`Accessed 20 Apr 2023`, `Retrieved March 3, 2020`): no year of the work's. */
const ACCESS_DATE = /\b(?:[Aa]ccessed|[Rr]etrieved|[Vv]iewed)(?:\s+on)?:?\s+(?:\d{1,2}\s+\p{L}+\.?,?\s+\d{4}|\p{L}+\.?\s+\d{1,2},?\s+\d{4}|\d{4}-\d{2}-\d{2})/gu;

/** The year of the work an item lists (see YEAR_IN_ITEM), never that of an access date; the match's offsets are the text's. */
function workYear(text: string): RegExpExecArray | null {
  return YEAR_IN_ITEM.exec(text.replace(ACCESS_DATE, (date) => ' '.repeat(date.length)));
}
/**
 * Names first, each family name before its initials: Vancouver `Feely RA, Sabine CL, et al.` (then `.` or
 * `:`), PeerJ's `Au KF., Underwood JG., Wong WH.` (a name whose initials were lost still ends in `.,`:
 * `Glover LA., James., Prosser I.`), Pensoft's and Springer's `Abbott LF, Regehr WG (2004)`, MDPI's
 * `McCollum, E.; Davis, M.`. The year comes after the title, or (PeerJ, eLife, Pensoft) right after the names.
 * A family name may open with particles (`van der Meer`) or a short lower-case part (`deMello`).
 */
const FAMILY = String.raw`(?:\p{Ll}+[\s-])*\p{Ll}{0,3}\p{Lu}[\p{L}\p{M}'’‐-]+(?:\s(?:\p{Ll}+\s)*\p{Lu}[\p{Ll}\p{M}'’‐-]+)*`;
// `RA`, `J-F`, `F.L.` (Systematic Biology), `AR Jr`
const VANCOUVER_INITIALS = String.raw`\p{Lu}\.?(?:-?\p{Lu}\.?){0,2}(?:\s(?:Jr|Sr|II|III|IV)\.?)?`;
// `Garland Jr. T`, and Springer's particles after the initials: `Kan J van`, `Paula Júnior TJ de`
const PARTICLE = `(?:${NAME_PARTICLES.join('|')})`;
const PARTICLES_AT_END = new RegExp(String.raw`(?:\s${PARTICLE})+$`, 'u');
// `W. van der`, `Javier del`: given names, then the particles citeproc demotes after them (each particle
// a word of its own: `della` read as `del` + `la` too made `dellalla…` exponential)
const DEMOTED_PARTICLES = new RegExp(String.raw`^((?:\p{Lu}\.[\s-]*)+|(?:\p{Lu}[\p{Ll}.'’-]*\s+)+)((?:${PARTICLE}\s+)*${PARTICLE})\s*$`, 'u');
// `Edwin de Jonge`, `Maria de los Angeles Resa`: given names, particles, the family name (the particle is no function word of an organisation)
const GIVEN_PARTICLES_FAMILY = new RegExp(String.raw`^(?:\p{Lu}[\p{Ll}\p{M}.'’-]*\s+)+(?:${PARTICLE}\s+)+\p{Lu}[\p{L}\p{M}'’-]*$`, 'u');
const VANCOUVER_PERSON = String.raw`${FAMILY}(?:\sJr\.?)?\s${VANCOUVER_INITIALS}(?:\s${PARTICLE})*`;
const VANCOUVER_NAMES = new RegExp(
  String.raw`^(${VANCOUVER_PERSON}(?:(?:,\s|,?\s(?:&|and)\s)(?:${VANCOUVER_PERSON}|${FAMILY}\.(?=,)|\p{Lu}\p{Ll}+(?=,\s${VANCOUVER_PERSON})))*)(?:,?\s(et al|others)\.?)?(?:,?\s(editors?|eds?)\.?)?(?:[.:]\s|(?<=\.)\s|\s(?=\((?:\d{4}|[Ii]n press|n\.\s?d\.)))`, 'u');
const VANCOUVER_TOKEN = new RegExp(String.raw`^${VANCOUVER_PERSON}\.?$`, 'u');
/**
 * ABNT writes family names in capitals: `ACOSTA PEREIRA, R.; DE PAULA, L.` (names first, parted by semicolons,
 * as MDPI's). Two words or more: FAMILY reads one (were both to read `SILVA`, a long list would take
 * exponential time to fail).
 */
const CAPS_FAMILY = String.raw`\p{Lu}[\p{Lu}\p{M}'’‐-]+(?:\s\p{Lu}[\p{Lu}\p{M}'’‐-]+)+`;
const MDPI_FAMILY = String.raw`(?:${FAMILY}|${CAPS_FAMILY})`;
const MDPI_NAMES = new RegExp(String.raw`^(${MDPI_FAMILY},\s(?:\p{Lu}\.[\s-]?)+(?:;\s${MDPI_FAMILY},\s(?:\p{Lu}\.[\s-]?)+)*)(?:;?\s(et al)\.)?\s(?!(?:Jr|Sr)\.)(?=\p{Lu}(?:[\p{Ll}\d-]|\s)|\p{Lu}{2,}[\s\p{Ll}\d-]|\d(?!\d{3}[a-z]?\b))`, 'u');

/**
 * Finds the last reference-list section of a Markdown text and parses its items; undefined when there
 * is none. `ignored` are the text's ignoredSpans and `lines` its line index, when the caller has them already.
 */
export function findReferenceList(text: string, source: string, ignored: Span[] = ignoredSpans(text), lines = new LineIndex(text)): ReferenceList | undefined {
  // `line` is the heading's first line, `last` its last (the underline of a setext heading).
  let heading: { line: number; last: number; level: number } | undefined;
  for (let line = 0; line < lines.lineCount; line++) {
    if (lineIgnored(lines, ignored, line)) continue;
    const lineText = lines.lineText(line);
    const atx = ATX_HEADING.exec(lineText);
    if (atx) heading = { line, last: line, level: atx[1].length };
    else if (PLAIN_HEADING.test(lineText.trim()) && isBlank(lines, line - 1)) {
      const underline = line + 1 < lines.lineCount ? lines.lineText(line + 1) : '';
      if (/^=+[ \t]*$/.test(underline)) heading = { line, last: line + 1, level: 1 };
      else if (/^-+[ \t]*$/.test(underline)) heading = { line, last: line + 1, level: 2 };
      else heading = { line, last: line, level: 7 }; // a bold or bare line: ends at any heading
    }
  }
  if (!heading) return undefined;
  let endLine = lines.lineCount;
  for (let line = heading.last + 1; line < lines.lineCount; line++) {
    if (lineIgnored(lines, ignored, line)) continue;
    const atx = /^(#{1,6})[ \t]/.exec(lines.lineText(line));
    if (atx && atx[1].length <= heading.level) {
      endLine = line;
      break;
    }
  }
  const start = lines.offsetAt({ line: heading.line, character: 0 });
  const end = endLine < lines.lineCount ? lines.offsetAt({ line: endLine, character: 0 }) : text.length;
  const entries = referenceItems(lines, ignored, heading.last + 1, endLine).filter((item) => !notAReference(item.text)).map((item) => toEntry(item, source));
  // A section about references in the middle of a text (`## Referencias bibliográficas` in a chapter on writing them),
  // its paragraphs prose without years, is no list.
  if (endLine < lines.lineCount && entries.filter((entry) => entry.year === undefined).length > entries.length / 2) return undefined;
  // `———. 2013.` (Chicago, MLA): the same authors as the item before.
  entries.forEach((entry, i) => {
    if (i === 0 || !SAME_AUTHORS.test(entry.fields?.author ?? entry.title ?? '')) return;
    const previous = entries[i - 1];
    Object.assign(entry, { authors: previous.authors, editors: previous.editors, fields: previous.fields });
  });
  makeKeysUnique(entries);
  return { start, end, entries };
}

/**
 * Whether the whole line is in ignored spans (code, a comment, front matter): a line that only starts with one,
 * such as an escape (`\-\--. 2009.`, pandoc's Markdown for `---.`), is read.
 */
function lineIgnored(lines: LineIndex, ignored: Span[], line: number): boolean {
  const start = lines.offsetAt({ line, character: 0 });
  if (!inSpans(ignored, start)) return false;
  const end = lines.offsetAt({ line, character: lines.lineText(line).trimEnd().length });
  let offset = start;
  for (let span = spanAt(ignored, offset); span && offset < end; span = spanAt(ignored, offset)) offset = span.end;
  return offset >= end;
}

function isBlank(lines: LineIndex, line: number): boolean {
  return line < 0 || lines.lineText(line).trim() === '';
}

interface RawItem {
  text: string;
  startLine: number;
  endLine: number;
}

/** Splits the section body into items: list items, paragraphs, or one reference per unindented line. */
function referenceItems(lines: LineIndex, ignored: Span[], from: number, to: number): RawItem[] {
  const items: RawItem[] = [];
  let current: RawItem | undefined;
  for (let line = from; line < to; line++) {
    const lineText = lines.lineText(line);
    const skip = lineIgnored(lines, ignored, line) || /^[ \t]*:::/.test(lineText);
    if (skip || lineText.trim() === '') {
      current = undefined;
      continue;
    }
    // A long author list wraps onto lines that look like new items: an item goes on until its year.
    const startsItem =
      !current || LIST_MARKER.test(lineText) ||
      (!/^[ \t]/.test(lineText) && looksLikeReferenceStart(lineText) && workYear(current.text) !== null);
    if (startsItem) {
      current = { text: lineText, startLine: line, endLine: line };
      items.push(current);
    } else if (current) {
      current.text += ' ' + lineText.trim();
      current.endLine = line;
    }
  }
  return items;
}

/**
 * `Date of Publication June 10 (2021)` at the end of a list: numbers before the year and nothing after it.
 * Copernicus puts the year last too, after the volume and pages, but starts with a name list (`Best, M. J., …`).
 */
function notAReference(item: string): boolean {
  const plain = item.replace(LIST_MARKER, '');
  const year = workYear(plain);
  if (year === null || !/\d/.test(plain.slice(0, year.index))) return false;
  return plain.slice(year.index + year[0].length).trim().replace(/^[.,;:]$/, '') === '' && !/^[\p{L}'’ -]+,\s*\p{Lu}/u.test(plain);
}

function looksLikeReferenceStart(line: string): boolean {
  const year = workYear(line.replace(LIST_MARKER, ''));
  return year !== null && year.index > 0 && year.index < 160 && /^[\p{Lu}*_"“]/u.test(line.replace(LIST_MARKER, ''));
}

interface ParsedReference {
  /** The names as written before the year (`Massey, D.S. et al.`). */
  authorText?: string;
  authors: Person[];
  editors: Person[];
  year?: string;
  title?: string;
  doi?: string;
  url?: string;
  /** The names come first and the year after the title (Vancouver, MDPI: see leadingNames): the title follows the names. */
  namesFirst?: boolean;
}

/**
 * Pandoc's Markdown inside an item as the reader sees it: `16S [rRNA]{.nocase}` (a span with attributes)
 * keeps its text, `` `\texttrademark`{=latex} `` (raw LaTeX) is dropped.
 */
export function pandocSpansAsText(item: string): string {
  return item.replace(/\[([^[\]]*)\]\{[^{}[\]]*\}/g, '$1').replace(/`[^`]*`\{=[\w-]+\}/g, '');
}

/**
 * The names that open an item in a style that puts them first and the year after the title (see
 * VANCOUVER_NAMES and MDPI_NAMES): the match (the names in group 1, `et al` in group 2) and whether it is Vancouver's.
 */
export function leadingNames(text: string): { names: RegExpExecArray; vancouver: boolean } | undefined {
  // `The U.S. Bureau of Labor Statistics. n.d.`: an organisation, not the family name "The" and its initials
  if (text.startsWith('The ')) return undefined;
  const vancouver = VANCOUVER_NAMES.exec(text);
  const names = vancouver ?? MDPI_NAMES.exec(text);
  return names ? { names, vancouver: vancouver !== null } : undefined;
}

/** An item's text without its Markdown: links keep their text, addresses, emphasis, escapes and the list marker go. */
export function plainItemText(item: string): string {
  return pandocSpansAsText(item)
    .replace(LIST_MARKER, '')
    .replace(MARKDOWN_LINK, '$1') // Markdown links keep their text
    .replace(/<https?:[^>]*>|https?:\/\/\S+/g, '')
    .replace(EMPHASIS_MARK, '$1')
    .replace(/\\([\\`*_{}[\]()#+\-.!&])/g, '$1')
    // one space for any run: a pattern that opens with `\s*` tries each place in a run (quadratic; two in a row, cubic)
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Reads one reference-list item (APA 7, Harvard, Chicago author-date, Vancouver, MDPI) into names, year and title. */
export function parseReferenceItem(item: string): ParsedReference {
  const doi = linkIn(item, /\b10\.\d{4,9}\//g, /[.,;]?(?=\s|$|[)>\]])/y);
  const url = linkIn(item, /<?https?:\/\//g, />?[.,;]?(?=\s|$|[)\]])/y)?.replace(/^</, '');
  const plain = plainItemText(item);
  const year = workYear(plain);
  if (!year) return { authors: [], editors: [], title: firstSentence(plain), doi, url };
  const leading = leadingNames(plain);
  // (`Snipp, C. Matthew. 1989.`, `Udry, J. Richard, Rose Maria Li, and …. 2003.`: Chicago's given names after an
  // initial, then the year, read by MDPI_NAMES as the names and a title)
  const givenNamesThenYear = leading !== undefined && !leading.vancouver && !leading.names[1].includes(';') &&
    /^\p{Lu}(?:[\p{L}'’-]*|\.)(?:(?:\s|,\s(?:and\s)?)\p{Lu}(?:[\p{L}'’-]*|\.))*\.\s*\(?\d{4}/u.test(plain.slice(leading.names[0].length));
  if (leading && !givenNamesThenYear && leading.names[0].length <= year.index && !isAcronymOrganisation(leading.names[1], plain, year)) {
    const { names, vancouver } = leading;
    const people = vancouver ? names[1].split(/,\s(?:(?:&|and)\s)?|\s(?:&|and)\s/u).map(vancouverName) : names[1].split(/;\s/u).map(mdpiName);
    // `Abbott LF, Regehr WG. 2004. Synaptic computation.` (PeerJ, eLife): the year right after the names, then the title
    const yearNext = year.index === names[0].length;
    // (the Muséum's `Alonso D. & McKane A.J. 2004. --- Title`: a dash before the title)
    const title = firstSentence(yearNext ? plain.slice(year.index + year[0].length).replace(/^[\s).,:—–-]+/u, '') : plain.slice(names[0].length));
    // (`Finger KL, Hickman CS, et al., editors.`: the work's editors)
    const edited = names[3] !== undefined;
    return {
      authorText: names[2] ? `${names[1]} et al` : names[1], authors: edited ? [] : people, editors: edited ? people : [],
      year: yearText(yearNext ? year : yearAfterTitle(plain, year, names[0].length + (title?.length ?? 0))), title, doi, url, namesFirst: !yearNext,
    };
  }
  // APA puts a work without author by its title in italics: `*ManyLanguages*. (n.d.).`: no names. (Bold is a
  // name: BJPolS sets every author so, `**Press Trust of India** (2019)`.)
  const italicTitle = /^([*_])(?![*_])([^*_]+?)\1\.?\s*\(?(?:\d{4}|n\.\s?d\.|[Ii]n press)/u.exec(item.replace(LIST_MARKER, '').trim());
  if (italicTitle) return { authors: [], editors: [], year: yearText(year), title: italicTitle[2].trim(), doi, url };
  const before = plain.slice(0, year.index).replace(/[\s.,(]+$/u, '').trim();
  const after = plain.slice(year.index + year[0].length).replace(/^[\s).,:]+/u, '');
  // Vancouver with an organisation first and the year last: `World Health Organization. Ottawa Charter for Health
  // Promotion. Geneva: WHO, 1986.`
  const organisation = ORGANISATION_FIRST.exec(before);
  const expanded = organisation?.[2] !== undefined && /^\p{Lu}{2,}$/u.test(organisation[1]);
  if (organisation && (ORGANISATION_WORD.test(organisation[1]) || expanded)) {
    // (an acronym's expansion is the name: `(UN 2024)` finds it by its initials, `(United Nations 2024)` by its words)
    const name = expanded ? organisation[2] : organisation[1];
    return { authorText: name, authors: [{ literal: name }], editors: [], year: yearText(year), title: firstSentence(organisation[3]), doi, url, namesFirst: true };
  }
  const names = parseReferenceNames(before);
  return {
    authorText: names ? before : undefined,
    authors: names?.editors ? [] : names?.people ?? [],
    editors: names?.editors ? names.people : [],
    year: yearText(year),
    title: names ? quotedTitle(after) ?? firstSentence(after) : before || firstSentence(after),
    doi,
    url,
  };
}

/**
 * `2010a`, `n.d.`, `in press`: the year a YEAR_IN_ITEM match gives, with its suffix; of two (`1985/1996`,
 * `2011/1979`), the later, as a citation reads them (see laterYear).
 */
function yearText(year: RegExpExecArray): string {
  const pair = /^\(?(\d{4})\/(\d{4})/.exec(year[0]);
  // (Chicago's `n.d.-a` without parentheses: the letter is part of the match)
  const [, status, letter] = /^(.*?)(?:-([a-z]))?$/su.exec(year[3] ?? year[7] ?? year[8] ?? '')!;
  const digits = pair ? laterYear(pair[1], pair[2]) : year[1] ?? (status ? readYear(status) : year[5]);
  return digits + (year[2] ?? year[4] ?? year[6] ?? letter ?? '');
}

/**
 * Names first, the year after the title (Vancouver, MDPI, ABNT): a year inside the title (`… no período de 2012
 * a 2015. Biblionline, v. 12, p. 48-60, 2016.`) is not the work's; the first one after the title is, if any.
 */
function yearAfterTitle(plain: string, year: RegExpExecArray, titleEnd: number): RegExpExecArray {
  if (year.index >= titleEnd) return year;
  const later = new RegExp(YEAR_IN_ITEM.source, 'gu');
  later.lastIndex = titleEnd;
  return later.exec(plain) ?? year;
}

/**
 * `Giving USA. (2019).` (APA), `Giving USA (2019) 'Title'` (Harvard): one name whose "initials" are an
 * acronym, then the year in parentheses after a point, or a quoted title after it: an organisation in a list
 * that writes people with commas. (Names first with the year in parentheses have no point before it:
 * `Alfred JRB (1991) Title`.)
 */
function isAcronymOrganisation(names: string, plain: string, year: RegExpExecArray): boolean {
  if (names.includes(',') || !/\s\p{Lu}{2,}\.?$/u.test(names) || !plain.startsWith('(', year.index) || !/^[\s.]*$/u.test(plain.slice(names.length, year.index))) return false;
  return /\.\s*$/u.test(plain.slice(0, year.index)) || /^[\s.,]*['‘"“]/u.test(plain.slice(year.index + year[0].length));
}

/**
 * The first `prefix` (a global regex) followed by a run of characters up to a blank, `<`, `>`, `)` or `]`,
 * taken up to where `end` (a sticky regex: trailing punctuation and what must follow) matches: the
 * shortest such run, as the lazy `prefix[^\s<>)\]]+?end` would, but without trying every length from
 * every start (that regex took tens of seconds on a line of 40,000 `https://`).
 */
function linkIn(text: string, prefix: RegExp, end: RegExp): string | undefined {
  let failedUpTo = -1;
  for (const match of text.matchAll(prefix)) {
    if (match.index < failedUpTo) continue; // inside a run that already failed: it fails the same way
    const runStart = match.index + match[0].length;
    let runEnd = runStart;
    while (runEnd < text.length && !/[\s<>)\]]/.test(text[runEnd])) runEnd++;
    // within the run only its last character can start `end` (trailing punctuation), or the run's end
    for (let at = Math.max(runStart + 1, runEnd - 1); at <= runEnd; at++) {
      end.lastIndex = at;
      if (end.test(text)) return text.slice(match.index, at);
    }
    failedUpTo = runEnd;
  }
  return undefined;
}

/** Harvard quotes article titles: `'Super-diversity and its implications', Ethnic...`. */
function quotedTitle(text: string): string | undefined {
  return /^(?:'(.+?)'(?=[,.]?\s|[,.]?$)|‘(.+?)’|"(.+?)"|“(.+?)”)/su.exec(text)?.slice(1).find((group) => group)?.trim();
}

function firstSentence(text: string): string | undefined {
  const sentence = /^(.+?[?!]|.+?)(?:\.\s|\.$|$)/su.exec(text.trim())?.[1]?.trim();
  return sentence || undefined;
}

/** The dashes that stand for the previous item's authors: `———.`, `---------.`, `___.`, `—.` */
const SAME_AUTHORS = /^(?:[-—–_]{2,}|—|[-—–_](?:\s?[-—–_]){2,})\.?$/u;
const INITIALS = /^(?:\p{Lu}\.[\s-]*)+$/u;
const ACRONYM = /^\p{Lu}{2,8}$/u;
const INITIALS_OR_GIVEN = /^(?:\p{Lu}[\p{Ll}\p{M}'’]*(?:\.[\s-]*|[\s-]+|$)){1,6}$/u;
const FUNCTION_WORD_LIST = 'of|for|the|on|and|&|in|to|at|de|des|du|für|und';
const FUNCTION_WORDS = new RegExp(`^(?:${FUNCTION_WORD_LIST})$`, 'u');
/**
 * Lower-case words an organisation's name may hold, which a title's content words are not: FUNCTION_WORDS and
 * the articles and particles of other languages (`Deutsche Hochschule der Polizei`, `Ministério da Saúde`, `Agentschap voor
 * Natuur en Bos`).
 * (Not in FUNCTION_WORDS: `van den Tweel` and `Ortega y Gasset` are people.)
 */
const NAME_FUNCTION_WORDS = new RegExp(`^(?:${FUNCTION_WORD_LIST}|e|y|der|die|das|dem|den|zur|zum|da|do|dos|del|della|di|la|le|les|el|voor|en|het)$`, 'u');

/**
 * An organisation's name, then a full stop and more: capitalised words and the function words between them, or an
 * acronym and its expansion (`UN (United Nations)`, group 2: the expansion names it).
 */
const ORGANISATION_FIRST = /^(\p{Lu}[\p{L}'’&-]*(?:\s(?:\p{Lu}[\p{L}'’&-]*|of|for|and|on|in|the|&))*)(?:\s\((\p{Lu}[^()]{2,80})\))?\.\s+(\S.*)$/su;
/** A word that makes a name an organisation's (ORGANISATION's words anywhere, and governments' bodies). */
const ORGANISATION_WORD = new RegExp(String.raw`${ORGANISATION.source.replace(/\$$/, '')}\b|\b(?:Government|Authority|Senate|Parliament|Committees|Services?|Administration|University)\b`, 'u');

// `(Eds.)`, `(Hrsg.)`; Chicago's `Lamont, Michèle, and Marcel Fournier, eds.` and CSE's `Task Force ed.`, `Hoskins J,
// editor.` in lower case (the point may be gone: the text before the year ends without it), not a given name (`Smith, Ed`)
const EDITORS = /\s*,?\s*\((?:[Ee][Dd][Ss]?|[Hh][Rr][Ss][Gg])\.?\)\.?$|,\s*(?:eds?|[Hh]rsg|editors?)\.?$|\s+eds?\.?$/u;
/** Between people: `, & ` or ` and ` (captured, the last person follows), or a comma or semicolon. */
const PERSON_SEPARATOR = new RegExp(String.raw`(\s*,\s*${AND}\s+|\s+${AND}\s+)|\s*,\s*|\s*;\s*`, 'u');

/** Authors or editors before the year; undefined when the text is a title (a work without author). */
function parseReferenceNames(text: string): { people: Person[]; editors: boolean } | undefined {
  const editors = EDITORS.test(text);
  const rest = text
    .replace(EDITORS, '')
    .replace(/(?:,\s*)?(?:\.\.\.|…)\s*/gu, ', ')
    .replace(/,?\s*\bet al\.?$/u, '')
    .replace(/[\s.,]+$/u, '');
  if (!rest) return undefined;
  // `&` or "and" starts the last person: `Sukarno, & Hatta, M.` names two people, not Sukarno Hatta.
  const parts = rest.split(PERSON_SEPARATOR);
  const tokens: string[] = [];
  const afterAnd = new Set<number>();
  parts.forEach((part, i) => {
    if (i % 2 === 1) {
      if (part) afterAnd.add(tokens.length);
      return;
    }
    if (part?.trim()) tokens.push(part.trim());
  });
  if (!rest.includes(',')) {
    // `J. Smith and K. Jones`, or one organisation (which may hold "and"), or a title.
    if (tokens.every((token) => /^(?:\p{Lu}\.\s*)+\p{L}/u.test(token)) && !ORGANISATION.test(rest)) return { people: tokens.map(givenFirst), editors };
    // Cambridge's `Albers JR and Newman M (2019)`: two names, each family name before its initials
    if (tokens.length > 1 && tokens.every((token) => VANCOUVER_TOKEN.test(token))) return { people: tokens.map(vancouverName), editors };
    return isTitle(rest) ? undefined : { people: [{ literal: rest }], editors };
  }
  // `Schloss PD., Westcott SL., Highlander; SK.`, `Liu Y-C, …, Milgroom, Michael G`: names first (see VANCOUVER_NAMES)
  // that a slip in one name kept from being read as a whole: each name that has that form is read so, when the
  // first has it and so do most (`Langeraert W., Van Calster Hans, Van Overmeeren N. & Johannes J.`).
  const vancouverTokens = tokens.filter((token) => VANCOUVER_TOKEN.test(token)).length;
  if (tokens.length > 1 && VANCOUVER_TOKEN.test(tokens[0]) && (VANCOUVER_TOKEN.test(tokens[1]) || (vancouverTokens >= 2 && vancouverTokens * 2 > tokens.length))) {
    return { people: tokens.map((token) => (VANCOUVER_TOKEN.test(token) ? vancouverName(token) : { family: token.replace(/\.$/u, '') })), editors };
  }
  const people: Person[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const next = tokens[i + 1];
    // `Aalst, W. van der`, `Campo, Javier del` (citeproc's demoted particle): particles after the given
    // names belong to the family name; `Brooks, F. P., Jr.`: a suffix.
    const particles = next === undefined ? null : DEMOTED_PARTICLES.exec(next);
    // (`Jackson, J. O., 2nd`: PubMed writes the generation as an ordinal)
    if (/^(?:Jr|Sr|II|III|IV|2nd|3rd|4th)\.?$/u.test(tokens[i])) continue;
    if (particles) {
      people.push({ family: `${particles[2].trim()} ${tokens[i]}`, given: particles[1].trim() });
      i++;
    } else if (i > 0 && isGivenFirstName(tokens[i], next)) {
      // Chicago inverts only the first name: `Campo, Javier del, Michael E Sieracki, Robert Molestina, and …`
      people.push(givenFirst(tokens[i]));
    } else if (ACRONYM.test(tokens[i]) && i > 0 && ACRONYM.test(tokens[i - 1]) && people.at(-1)?.given === undefined) {
      // `WHO, UNICEF, World Bank`: organisations, not UNICEF with the given names World Bank
      people.push({ literal: tokens[i] });
    } else if (/^\p{Lu}\S*(?:\s\S+)*\s(?:of|for)\s\p{Lu}/u.test(tokens[i])) {
      // `National Academies of Sciences, Engineering, and Medicine`: an organisation, whose next part is no given name
      people.push({ literal: tokens[i] });
    } else if (next !== undefined && INITIALS_OR_GIVEN.test(next) && !(afterAnd.has(i + 1) && !INITIALS.test(next))) {
      people.push({ family: tokens[i], given: next });
      i++;
    } else if (VANCOUVER_TOKEN.test(tokens[i]) && /^(?:\p{Lu}\.[\s-]?)+$/u.test(people.at(-1)?.given ?? '')) {
      // `Agostinelli, C., Lund U. 2022`: after a name with initials, a later one written family name first, then its
      // initials (not after a given name written out: `Marois, Guillaume, and Samir KC`)
      people.push(vancouverName(tokens[i]));
    } else if (/\s/.test(tokens[i]) && (!tokens[i].split(/\s+/).some((word) => FUNCTION_WORDS.test(word)) || (people[0]?.given !== undefined && GIVEN_PARTICLES_FAMILY.test(tokens[i])))) {
      // (`van der Loo, Mark, and Edwin de Jonge`: after a person's name, a given name and a particle are a person too)
      people.push(givenFirst(tokens[i]));
    } else {
      people.push(/\s/.test(tokens[i]) ? { literal: tokens[i] } : { family: tokens[i] });
    }
  }
  return { people, editors };
}

/** `Michael E Sieracki` before another full name (not before initials: `Van Bennekum, A.`). */
function isGivenFirstName(token: string, next: string | undefined): boolean {
  return next !== undefined && /^\p{Lu}\S*\s+\S/u.test(token) && !/^(?:\p{Lu}\.?[\s-]*)+$/u.test(next) && !token.split(/\s+/u).some((word) => FUNCTION_WORDS.test(word));
}

/** Vancouver `Iglesias‐Rodriguez MD`, `Taipe Velasco CM`: the family name, then the initials. */
function vancouverName(name: string): Person {
  // `Kan J van`: particles after the initials belong before the family name; `Garland Jr. T`, `Loeblich AR Jr`: the suffix is left out
  const particles = PARTICLES_AT_END.exec(name)?.[0] ?? '';
  const plain = name.slice(0, name.length - particles.length).replace(/\s(?:Jr|Sr|II|III|IV)\.?(?=\s|$)/gu, '');
  const at = plain.lastIndexOf(' ');
  // `James.`: a name whose initials were lost
  if (at < 0) return { family: plain.replace(/\.$/, '') };
  const family = plain.slice(0, at);
  // (`KF.` and `J-F.` lose the point a list puts after the initials; `F.L.` keeps its points)
  return { family: particles ? `${particles.trim()} ${family}` : family, given: plain.slice(at + 1).replace(/^([^.]*)\.$/u, '$1') };
}

/** MDPI `McCollum, E.` (the list was split at `; `, each name keeps its comma). */
function mdpiName(name: string): Person {
  const [family, given] = name.split(/,\s*/u);
  return given ? { family, given } : { family };
}

/** `J. van der Berg` or `Kate Jones`: the family name is the last word with its particles. */
function givenFirst(name: string): Person {
  const words = name.split(/\s+/u);
  let familyStart = words.length - 1;
  while (familyStart > 0 && /^\p{Ll}/u.test(words[familyStart - 1])) familyStart--;
  return { family: words.slice(familyStart).join(' '), given: words.slice(0, familyStart).join(' ') || undefined };
}

/** Sentence-case text with lower-case content words reads as a title, Title Case as an organisation. */
const GROUP_OF_AUTHORS = new RegExp(String.raw`^\p{Lu}\S*(?:\s\p{Lu}\S*)*\s(?:${GROUP_WORDS})$`, 'u');

function isTitle(text: string): boolean {
  if (/[?:!"“]/u.test(text)) return true;
  // `OpenStreetMap contributors`, `Posit team`: a group of authors
  if (GROUP_OF_AUTHORS.test(text)) return false;
  const words = text.split(/\s+/u);
  return words.some((word, i) => i > 0 && /^\p{Ll}/u.test(word) && !NAME_FUNCTION_WORDS.test(word));
}

function toEntry(item: RawItem, source: string): LibraryEntry {
  const parsed = parseReferenceItem(item.text);
  return {
    key: '',
    type: 'misc',
    source,
    startLine: item.startLine,
    endLine: item.endLine,
    keyOffset: -1,
    authors: parsed.authors,
    editors: parsed.editors,
    year: parsed.year,
    title: parsed.title,
    keywords: [],
    doi: parsed.doi,
    url: parsed.url,
    // As a BibTeX author field would be: the matcher reads "et al." there as more authors than listed.
    fields: parsed.authorText ? { author: parsed.authorText } : undefined,
  };
}

/** `smith2010`, `worldbank2006a`; a repeated key gets `-2`, `-3`. */
function makeKeysUnique(entries: LibraryEntry[]): void {
  const seen = new Map<string, number>();
  for (const entry of entries) {
    const person = creditedPeople(entry)[0];
    const name = person?.family ?? person?.literal ?? entry.title?.split(/\s+/)[0] ?? 'anon';
    const base = asciiLetters(withoutFinalGroup(name)) + asciiLetters(entry.year ?? 'nd', true);
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    entry.key = count === 1 ? base : `${base}-${count}`;
  }
}

function asciiLetters(text: string, keepDigits = false): string {
  const folded = text.normalize('NFD').toLowerCase().replace(/ß/g, 'ss');
  return folded.replace(keepDigits ? /[^a-z0-9]/g : /[^a-z]/g, '') || 'anon';
}
