// Turns a manuscript's typed reference list into a library: each item read into a CSL item (type,
// authors, year, title, container, volume, issue, pages, publisher, DOI, URL — what the item states)
// with a Better BibTeX-like key. Items that cannot be read are reported with their line, not dropped.
// The item splitting and the names/year/title come from referenceList.ts; this file reads the rest.
import { citationJs } from '../citationJs';
import { NO_DATE, UNPUBLISHED } from './authorDate';
import { Draft } from '../draft';
import type { LineIndex } from '../text';
import type { CslItem, LibraryEntry, Person } from '../types';
import { leadingNames, LIST_MARKER, MARKDOWN_LINK, pandocSpansAsText, parseReferenceItem, withoutFinalGroup } from './referenceList';
import { creditedPeople } from '../library/names';

export interface ExtractedReference {
  /** The library entry (key, authors, year, title…) and its CSL item (`entry.csl`). */
  entry: LibraryEntry & { csl: CslItem };
  /** The key the reference list's own entry had while checking (`smith2010`), to map check results. */
  listKey: string;
  /** 1-based line of the item in the manuscript. */
  line: number;
  text: string;
}

export interface UnreadReference {
  line: number;
  text: string;
  reason: string;
}

export interface ExtractedLibrary {
  references: ExtractedReference[];
  unread: UnreadReference[];
  /** Offsets of the reference-list section in the manuscript. */
  start: number;
  end: number;
}

/**
 * Reads the reference list of a manuscript (a parsed draft, or a text); undefined when it has none.
 * `source` is the library's path: the entries' source.
 */
export function extractReferences(input: Draft | string, source: string): ExtractedLibrary | undefined {
  const draft = Draft.of(input, source);
  const list = draft.referenceList;
  if (!list) return undefined;
  const { lines } = draft;
  const references: ExtractedReference[] = [];
  const unread: UnreadReference[] = [];
  const keys = new KeyMaker();
  for (const listEntry of list.entries) {
    const itemText = itemTextOf(lines, listEntry.startLine, listEntry.endLine);
    const line = listEntry.startLine + 1;
    const reason = unreadReason(listEntry);
    if (reason) {
      unread.push({ line, text: itemText, reason });
      continue;
    }
    const csl = readItem(itemText);
    const authors = listEntry.authors.flatMap(splitOrganisations);
    const others = authors.some(isOthers);
    const read = {
      ...listEntry, authors: authors.filter((person) => !isOthers(person)), title: stringOf(csl.title) ?? listEntry.title,
      fields: others ? { author: `${listEntry.fields?.author ?? ''} and others` } : listEntry.fields,
    };
    csl.id = keys.make(read);
    csl['citation-key'] = csl.id;
    const entry = { ...read, key: csl.id, type: csl.type, source, container: stringOf(csl['container-title']), csl };
    references.push({ entry, listKey: listEntry.key, line, text: itemText });
  }
  return { references, unread, start: list.start, end: list.end };
}

/** The item's lines joined as referenceList.ts joins them. */
function itemTextOf(lines: LineIndex, startLine: number, endLine: number): string {
  let text = lines.lineText(startLine);
  for (let line = startLine + 1; line <= endLine; line++) text += ' ' + lines.lineText(line).trim();
  return text;
}

function unreadReason(entry: LibraryEntry): string | undefined {
  if (entry.year === undefined) return 'no year found';
  const people = entry.authors.length + entry.editors.length;
  if (people === 0 && !entry.title) return 'neither an author nor a title found';
  if (!entry.title) return 'no title found';
  return undefined;
}

function stringOf(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

// ---- Reading one item ----------------------------------------------------------------------------

const DOI = /\b(10\.\d{4,9}\/[^\s<>)\]]+?)[.,;]?(?=\s|$|[)>\]])/u;
/** An address with what says it is one (`Available from <…>`, `Retrieved from …`), and Harvard's `(accessed 27 March 2024)` or OUP's `(19 December 2025, date last accessed)`: none of the title or the publisher. */
// (`Https://` is no address: pandoc's title case of one the authors wrote into a title or a journal's name, kept as the text)
const ADDRESS_AND_ACCESS = /(?:\b(?:[Aa]vailable(?: from| at)?|[Rr]etrieved from)\s*:?\s*)?<?https?:\/\/\S+|\((?:[Aa]ccessed|[Vv]iewed|[Rr]etrieved)\b[^)]*\)|\([^()]{0,40}date last accessed\)/gu;
const URL = /<?(https?:\/\/[^\s<>)\]]+?)>?[.,;]?(?=\s|$|[)\]])/u;
/** The year as the list writes it, after the names: `(2010a).`, `(2017, March 3).`, `2010.` (Harvard). */
// (`(1846-1849).`: a work in parts; `2011 [viewed 29 April 2021].`: Harvard's date of access after the year;
// the Unified Style Sheet for Linguistics' `1944[1962].`, `1975/76.`, `2002-.`, `to appear.`; Chicago's `Names. n.d. "Title."`)
const YEAR = new RegExp(String.raw`\((?:\d{4}[a-z]?|${NO_DATE}|${UNPUBLISHED})(?:-?[a-z])?(?:[,–-][^)]*)?\)\.?|(?<=[\s,.])(?:\d{4}[a-z]?(?:\/\d{2}|[-–])?(?:\s?\[[^\]]{0,60}\])?|to appear)[.,](?=\s)|(?<=[.,]\s)(?:${NO_DATE})(?:-[a-z])?(?=\s)`, 'u');
/** Volume, issue and pages after a journal name: `, 56(4), 563–595`, `, 5(2), pp. 1-10`, `, 41, e12`, ` 496:504–507`, ` 21. 435–483`. */
// (the issue in parentheses, or Chicago's and Harvard's `, no. 3`, `, suppl. 3`)
const VOLUME = /^,?\s*(?:vol\.\s*)?(\d+[\w–-]*)(?:\s*\(([^)]+)\)|,\s*no\.\s*([\w–-]+)|,\s*(suppl\.\s*[\w–-]+))?(?:[,:.]?\s*(?:pp?\.\s*)?((?:[A-Za-z]?\d+[\w]*)(?:\s*[-–—]+\s*[A-Za-z]?\d+\w*)?))?/u;
/** A work without a journal is a report when it says so, software when it says so or lives where code does, a web page when it names no publisher but an address, else a book. */
const REPORT = /\b(?:report|working paper|technical|white paper)\b/i;
const SOFTWARE = /\[(?:computer (?:software|program)|software|manual|r package)[^\]]*\]|\bR package version\b/i;
const CODE_HOSTS = /^https?:\/\/(?:www\.)?(?:github\.com|gitlab\.com|cran\.r-project\.org|pypi\.org|bioconductor\.org)\//i;
/** ESA's journal with its pages after a colon and no volume, or a name with a parenthesis: `Ecological Economics:1--14.`, `Science (New York, N.Y.) 205:267--77.`, `Journal n/a:e12656`, `Journal 2005;18:12` */
const ESA_JOURNAL = /^(?<journal>[^.,:()]+?(?:\s\([^()]*\))?)(?:\s(?:\d{4};\s?)?(?<volume>(?:\d+|n\/a)[\w/–-]*)(?:\((?<issue>[^)]+)\))?)?:\s?(?<pages>[A-Za-z]?\d+\w*(?:\s*[-–—]+\s*\w+)?|n\/a-+n\/a)\.?\s*$/u;
const PAGES_IN_PARENS = /\((?:pp?\.)\s*([\w]+(?:\s*[-–—]+\s*\w+)?)\)/u;
const EDITION = /\((\d+\w*|[\w ]+)\s+(?:ed|edn)\.\)|\b(\d+\w*)\s+edn?\.|\((\d+(?:st|nd|rd|th))\)/iu;

/** One reference-list item as a CSL item (the id is set by the caller). */
export function readItem(itemText: string): CslItem {
  // `[Port-au-Prince]{.nocase}`: a span with attributes (pandoc's Markdown) keeps its text.
  // (one space for any run, as parseReferenceItem reads it)
  itemText = pandocSpansAsText(itemText).replace(/\s+/gu, ' ');
  const parsed = parseReferenceItem(itemText);
  const item: CslItem = { id: '', type: 'document' };
  parsed.authors = parsed.authors.flatMap(splitOrganisations);
  // `Chen, M., Jun, H., & others` (pandoc writes BibTeX's `and others` so) is "et al." too.
  const others = parsed.authors.some(isOthers);
  parsed.authors = parsed.authors.filter((person) => !isOthers(person));
  if (parsed.authors.length > 0) item.author = parsed.authors.map(cslPerson);
  // `Massey, D.S. et al.`: Pandoc's citeproc reads a last author `others` as "et al.".
  if (item.author && (others || /\bet al\.?$/u.test(parsed.authorText ?? ''))) item.author = [...(item.author as Person[]), { literal: 'others' }];
  if (parsed.editors.length > 0) item.editor = parsed.editors.map(cslPerson);
  const year = /^(\d{4})([a-z]?)$/.exec(parsed.year ?? '');
  if (year) {
    item.issued = { 'date-parts': [[Number(year[1])]] };
    if (year[2]) item['year-suffix'] = year[2];
  } else if (parsed.year === 'in press') {
    item.status = 'in press';
  }
  const doi = DOI.exec(itemText)?.[1];
  if (doi) item.DOI = doi;
  const url = URL.exec(itemText)?.[1];
  if (url && !(doi && /doi\.org\//i.test(url))) item.URL = url;

  // What follows the title: container, volume, issue, pages, publisher.
  const body = itemText.replace(LIST_MARKER, '').replace(MARKDOWN_LINK, '$1').replace(ADDRESS_AND_ACCESS, '').trim();
  // Names first, the year after the title (Vancouver, MDPI): the title follows the names.
  const namesFirst = parsed.namesFirst ? leadingNames(body)?.names[0] : undefined;
  const yearMatch = namesFirst === undefined ? YEAR.exec(body) : null;
  const afterYear = namesFirst !== undefined ? body.slice(namesFirst.length) : yearMatch ? body.slice(yearMatch.index + yearMatch[0].length).trim() : body;
  const { title, titleItalic, rest } = afterTitle(afterYear, parsed.authorText === undefined);
  // `Watching the ceasefire [PhD thesis]`, `New and old wars (3rd ed.)`, `(2nd)`, `(tech. rep.)`: the description or edition is not the title.
  // (the spaces before it trimmed after: `\s*` before each took quadratic time on a run of spaces)
  let bare = (title ?? parsed.title)?.replace(/\[[^[\]]*\]$|\([^()]*\bed(?:n|ition)?\.?\)$|\(\d+(?:st|nd|rd|th)\)$|\((?:tech\.\s?rep\.|technical report)\)$/iu, '').trimEnd();
  // `Numerical ecology, 2nd Edition: Elsevier; 1998`: a names-first book's title runs into its publisher and year.
  const publisherAndYear = namesFirst !== undefined && bare ? PUBLISHER_AND_YEAR.exec(bare) : null;
  if (publisherAndYear) bare = bare!.slice(0, publisherAndYear.index);
  if (bare) item.title = bare;
  const original = /\(Original work published (\d{4})\)/iu.exec(itemText);
  if (original) item['original-date'] = { 'date-parts': [[Number(original[1])]] };
  const edition = EDITION.exec(afterYear);
  if (edition) item.edition = (edition[1] ?? edition[2] ?? edition[3]).trim();
  if (namesFirst !== undefined && !/^\s*In:?\s/u.test(rest)) readJournalAndYear(item, rest);
  else readContainer(item, rest, titleItalic);
  if (publisherAndYear) item.publisher = publisherAndYear[1].trim();
  return item;
}

/** The end of a title that ran into a publisher and year: `: Univ of California Press; 1983`, `: University of Southern California; 1977:1–330`. */
const PUBLISHER_AND_YEAR = /:\s([^:;.]+);\s\d{4}\b[^;]*$/u;

/**
 * After the title of a names-first item, the journal, year, volume, issue and pages: Vancouver's
 * `F1000Res. 2013;2:191.`, `Eos, Transactions AGU. 2002;83(34):365–75.`, `Micropaleontology. 1961:1–26.`, MDPI's `*J. Biol. Chem* **1913**, *15*, 167–175.`
 */
const JOURNAL_YEAR = /^(.+?)\.?\s\d{4}[a-z]?(?:\s[A-Z][a-z]{2}(?:\s\d{1,2})?)?(?:\s?[;,]\s?(\d+[\w–-]*)?(?:\s?\(([^)]+)\))?)?(?:[:,]\s?([A-Za-z]?\d+\w*(?:\s?[-–—]+\s?[A-Za-z]?\d+\w*)?))?/u;

/** ABNT's `Revista Letras, Santa Maria, v. 20, n. 40, p.147-162, 2010.` (the place and the volume optional): sets the journal, volume, issue and pages; says whether it was one. */
function readAbntJournal(item: CslItem, text: string): boolean {
  const abnt = /^\s*([^,.]+?),\s(?:(?![vnp]\.)[^,]{1,40},\s)?(?:v\.\s?([\w–-]+),\s?)?(?:n\.\s?([\w./–-]+))?(?:,\s?)?p\.\s?([\w–-]+)/u.exec(text) ??
    /^\s*([^,.]+?),\s(?:(?![vnp]\.)[^,]{1,40},\s)?v\.\s?([\w–-]+)(?:,\s?n\.\s?([\w./–-]+))?()/u.exec(text);
  if (!abnt) return false;
  item.type = 'article-journal';
  item['container-title'] = clean(abnt[1]);
  if (abnt[2]) item.volume = abnt[2];
  if (abnt[3]) item.issue = abnt[3];
  if (abnt[4]) item.page = pageRange(abnt[4]);
  return true;
}

/** Sets the journal, volume, issue and pages of a names-first item from the text after its title; else (a book, `Berlin: Springer; 1989.`) its publisher. */
function readJournalAndYear(item: CslItem, rest: string): void {
  if (readAbntJournal(item, rest)) return;
  const text = rest.replace(/[*_]/g, '').trim();
  const journal = JOURNAL_YEAR.exec(text);
  if (journal && (journal[2] || journal[4])) {
    item.type = 'article-journal';
    item['container-title'] = clean(journal[1].replace(/[;:]$/u, ''));
    if (journal[2]) item.volume = journal[2];
    if (journal[3]) item.issue = journal[3];
    if (journal[4]) item.page = pageRange(journal[4]);
    return;
  }
  item.type = REPORT.test(text) ? 'report' : 'book';
  const year = /(?:^|[\s;,.])\d{4}\b/u.exec(text);
  setPublisher(item, (year ? text.slice(0, year.index) : text).replace(/[\s;,.]+$/u, ''));
}

function cslPerson(person: Person): Person {
  if (person.literal) return { literal: person.literal };
  const result: Person = {};
  // `van der Lijn`: citeproc keeps a lower-case particle in front of the family name.
  const particle = /^((?:\p{Ll}+\s+)+)(\p{Lu}.*)$/u.exec(person.family ?? '');
  if (particle) {
    result.family = particle[2];
    (result as Record<string, string>)['non-dropping-particle'] = particle[1].trim();
  } else if (person.family) {
    result.family = person.family;
  }
  // The item's last initial lost its period to the year's punctuation: `Smith, J. D.` → `J. D`.
  if (person.given) result.given = person.given.replace(/(?:^|[\s.-])\p{Lu}$/u, '$&.');
  return result;
}

function isOthers(person: Person): boolean {
  return (person.family ?? person.literal) === 'others';
}

/** `World Bank & United Nations`: two organisations (an organisation's own name seldom holds “&”). */
function splitOrganisations(person: Person): Person[] {
  if (!person.literal || !/\s&\s/.test(person.literal)) return [person];
  return person.literal.split(/\s+&\s+/).map((literal) => ({ literal }));
}

/** The title as written after the year, whether it was in italics (a book, a report), and the text after it. */
function afterTitle(afterYear: string, untitled: boolean): { title?: string; titleItalic: boolean; rest: string } {
  // A work without author: the title came before the year.
  if (untitled) return { titleItalic: false, rest: afterYear };
  const italic = /^([*_]{1,2})(.+?)\1(?=[\s.,:;(]|$)/su.exec(afterYear);
  if (italic) return { title: clean(italic[2]), titleItalic: true, rest: afterYear.slice(italic[0].length) };
  // A quoted title ends its sentence (`'Title', Journal`, `“Title.” Journal`); `‘‘Inordinate fondness’’ explained: …` only opens one.
  const quoted = /^(?:'(.+?)'|‘(.+?)’|"(.+?)"|“(.+?)”)(?=[,.](?:\s|$)|$|(?<=[.,?!]["'’”])\s)/su.exec(afterYear);
  if (quoted) return { title: clean(quoted.slice(1).find((group) => group)!), titleItalic: false, rest: afterYear.slice(quoted[0].length) };
  // Up to the container: an italic name or `In` opening a sentence (`Jubula Dum. (Hepaticae). *Bryologist*`), or
  // `In:` anywhere (`Classification of Compositae In: Funk VA, …, editors.`);
  // else the first sentence. A title ending in `?` or `!` runs straight into it.
  const end =
    /(?<=[.?!]["”’]?)\s+(?=(?:\*\*?|__?)[^\s*_]|In:?\s)|\s+(?=In:\s)/u.exec(afterYear) ??
    // `… from here? Trends in Ecology & Evolution 24:201–207`: a question ends the title where the journal and its volume follow
    /(?<=[?!]["”’]?)\s+(?=[^.?!]{1,120}?\s\d+(?:\([^)]{0,20}\))?(?::\s?|\.\s)[A-Za-z]?\d)/u.exec(afterYear) ??
    // (APA: `… the options? Perspectives in Ecology and Conservation, 17, 71–79`)
    /(?<=[?!]["”’]?)\s+(?=[^.?!]{1,120}?,\s\d+(?:\([^)]{0,20}\))?,\s[A-Za-z]?\d)/u.exec(afterYear) ??
    // (a journal may open in lower case: `bioRxiv`, `eLife`, `mBio`, `eNeuro`)
    /(?<![\s.]\p{Lu}|\b(?:Dr|vs|cf|al|spec|nov|sp|ssp|subsp|subg|var|ed|eds|Vol|vol|No|e\.g|i\.e))\.["”’]?(?:\s+(?=[\p{Lu}\d(]|\p{Ll}{1,3}\p{Lu})|$)/u.exec(afterYear);
  const title = clean(end ? afterYear.slice(0, end.index + (/^\.["”’]/.test(end[0]) ? 2 : 0)) : afterYear).replace(/\.$/, '');
  return { title: title || undefined, titleItalic: false, rest: end ? afterYear.slice(end.index + end[0].length) : '' };
}

/** Reads container, volume, issue, pages and publisher from the text after the title; sets the type. */
function readContainer(item: CslItem, rest: string, titleItalic: boolean): void {
  // `(3rd ed.)`, `(COM(2021) 762 final)`, `[Report]` after the title are not the container or the publisher.
  let text = rest.replace(/^\s*(?:\((?:[^()]|\([^()]*\))*\))?\s*(?:\\?\[[^\]]*\])?\s*[.,:]?\s*/u, (m) => (PAGES_IN_PARENS.test(m) ? m : ''));
  // (`In: Funk VA, Susanna A, editors. Book.`: the editors before `editors.`, as the NLM style writes them; not
  // Chicago's `In *Book*, eds. Names.`)
  const chapter = /^In:?\s+(?:(.+?)\s*(?:\((?:eds?|hrsg)\.?\)|,\s*editors?\.)\s*,?\s*)?(.+)$/isu.exec(text);
  if (chapter) {
    item.type = 'chapter';
    if (chapter[1] && !item.editor) item['container-editor'] = chapterEditors(chapter[1]);
    text = chapter[2];
    const container = /^([*_]{1,2})(.+?)\1|^([^.(]+)/su.exec(text);
    if (container) {
      // `In Wilkins, David (ed.), Manual for the 1999 field season, 48–54.`: the pages after the book's title
      const titleAndPages = /^(.+?),\s*(\d+\s*[-–—]+\s*\d+)\s*$/u.exec(container[3] ?? '');
      if (titleAndPages) item.page = pageRange(titleAndPages[2]);
      item['container-title'] = clean(titleAndPages?.[1] ?? container[2] ?? container[3]);
      text = text.slice(container[0].length);
    }
    const pages = PAGES_IN_PARENS.exec(text) ?? /\bpp?\.\s*(\w+\s*[-–—]+\s*\w+)/u.exec(text);
    if (pages) {
      item.page = pageRange(pages[1]);
      text = text.slice(pages.index + pages[0].length);
    }
    setPublisher(item, text);
    return;
  }
  if (readAbntJournal(item, text)) return;
  if (!titleItalic) {
    // `Journal, 56(4), 563–595` (APA), `Journal 496:504–507` (PeerJ, eLife)
    // (a journal's name may hold commas and points: `Politics, Groups, and Identities, 9(2), 369–386`, `Annu. Rev. Polit. Sci., 9, 83–110`)
    // `Journal 95, no. 3: 531–549` (Chicago), `Journal 52(2). 241–289.`, `Journal 6(141). DOI: …` (the Unified Style Sheet for Linguistics),
    // `Journal 46(21), 12527–12536.`, `Heliyon 10(15), e35134.` (Cambridge); `Journal, 8(1). doi:…` and `Journal 21` without pages
    const journal = /^([*_]{1,2})(.+?)\1|^([^.,]+?)(?=\s[*_]*\d+[*_]*(?:\s?\([^)]{0,20}\)|,\s*no\.\s*[\w–-]+)?(?:(?::\s?|\.\s|,\s)[A-Za-z]?\d|\.\s+DOI\b))|^(.+?)(?=,\s*(?:vol\.\s*)?[*_]*\d+[*_]*(?:\s?\([^)]{0,20}\))?(?:,\s*(?:pp?\.\s*|no\.\s*|suppl\.\s*)?[A-Za-z]?\d|\.?\s+doi:|\.?$))|^([^.,]+?)(?=\s\d+\.?$)/su.exec(text);
    if (journal) {
      const container = clean(journal[2] ?? journal[3] ?? journal[4] ?? journal[5]);
      const after = text.slice(journal[0].length).replace(/[*_]/g, '');
      const volume = VOLUME.exec(after);
      if (volume && volume[0].trim()) {
        item.type = 'article-journal';
        // (`World Applied Sciences Journal [online], vol. 14`, `D-Lib Magazine [Internet]`: the medium is no part of the name)
        item['container-title'] = container.replace(/,\s*$/, '').replace(/\s*\[(?:online|on-line|en línea|internet)\]$/iu, '');
        item.volume = volume[1];
        const issue = volume[2] ?? volume[3] ?? volume[4];
        if (issue) item.issue = issue;
        if (volume[5]) item.page = pageRange(volume[5]);
        return;
      }
      // `Title. *Site or newspaper*.` without a volume: a part of something named.
      item['container-title'] = container.replace(/,\s*$/, '');
      item.type = /\b(?:times|post|guardian|economist|news|magazine)\b/i.test(container) ? 'article-newspaper' : 'webpage';
      const pages = /\bpp?\.\s*(\w+(?:\s*[-–—]+\s*\w+)?)/u.exec(after);
      if (pages) item.page = pageRange(pages[1]);
      return;
    }
    const esa = ESA_JOURNAL.exec(text);
    if (esa?.groups) {
      item.type = 'article-journal';
      item['container-title'] = clean(esa.groups.journal);
      if (esa.groups.volume) item.volume = esa.groups.volume;
      if (esa.groups.issue) item.issue = esa.groups.issue;
      item.page = pageRange(esa.groups.pages);
      return;
    }
  }
  item.type = REPORT.test(rest) ? 'report' : SOFTWARE.test(rest) || CODE_HOSTS.test(String(item.URL ?? '')) ? 'software' : 'book';
  setPublisher(item, text);
  if (item.type === 'book' && !item.publisher && item.URL) item.type = 'webpage';
}

/** Pages as written, without spaces, and Markdown's `--` (pandoc's en dash) as one: `296--99` is `296–99`. */
function pageRange(pages: string): string {
  return pages.replace(/\s+/g, '').replace(/-{2,3}/g, '–');
}

/** `Publisher.` or Harvard's `Place: Publisher.` in the last sentence that is not a URL or a DOI. */
function setPublisher(item: CslItem, text: string): void {
  const sentence = text
    .replace(/^[\s.,)]+/u, '')
    .replace(/\b(?:doi:\s*)?10\.\d{4,9}\/\S+/giu, '')
    // (not after a lone capital: `Washington, D. C.: …`, `U.S. Trust`)
    .split(/(?<![\s.(]\p{Lu})\.\s+|\.$/u)
    .map((part) => part.replace(/[*_]/g, '').trim())
    .find((part) => part && !/^(?:available|retrieved|accessed)\b/i.test(part) && !/^\(?pp?\./u.test(part) && !/^doi:?$/iu.test(part));
  if (!sentence || sentence.length > 120) return;
  const place = /^([^:]{2,40}):\s*(.+)$/u.exec(sentence);
  if (place) {
    item['publisher-place'] = place[1].trim();
    item.publisher = place[2].trim();
  } else {
    item.publisher = sentence;
  }
}

/**
 * The editors of `In … (eds.)`: `J. Smith, K. Lee, & M. Park` (given names first), or each family name first
 * (`Kibbee, Douglas A. & Wanner, Dieter`, `Smith, J.`: one comma in each name parted by `&` or `and`).
 */
function chapterEditors(names: string): Person[] {
  const familyFirst = names.split(/\s+(?:&|and)\s+/u);
  if (familyFirst.every((name) => /^[^,]+,[^,]+$/u.test(name))) {
    return familyFirst.map((name) => {
      const [family, given] = name.split(',').map((part) => part.replace(/[*_]/g, '').trim());
      return cslPerson({ family, given });
    });
  }
  const parts = names.split(/\s*,\s*(?:&|and)\s+|\s+(?:&|and)\s+|\s*,\s*/u).filter((name) => name);
  // NLM: `Funk VA, Susanna A`, the family name before the initials
  const nlm = parts.map((name) => /^(\p{Lu}.*?)\s(\p{Lu}{1,3})$/u.exec(name));
  if (nlm.every((name) => name)) return nlm.map((name) => cslPerson({ family: name![1], given: name![2] }));
  return parts.map(givenFirst);
}

function givenFirst(name: string): Person {
  const words = name.replace(/[*_]/g, '').trim().split(/\s+/u);
  let familyStart = words.length - 1;
  while (familyStart > 0 && /^\p{Ll}/u.test(words[familyStart - 1])) familyStart--;
  const person: Person = { family: words.slice(familyStart).join(' ') };
  if (familyStart > 0) person.given = words.slice(0, familyStart).join(' ');
  return cslPerson(person);
}

function clean(text: string): string {
  return text.replace(/[*_]/g, '').replace(/\\(.)/g, '$1').replace(/\s+/g, ' ').trim().replace(/[.,]$/, '');
}

// ---- Keys ----------------------------------------------------------------------------------------

/** Words skipped when choosing a key's title word (after Better BibTeX's skip words). */
const SKIP_WORDS = new Set([
  'a', 'an', 'the', 'and', 'or', 'nor', 'but', 'of', 'on', 'in', 'into', 'at', 'to', 'for', 'from', 'by', 'with', 'within',
  'without', 'as', 'is', 'are', 'about', 'above', 'after', 'against', 'among', 'before', 'between', 'beyond', 'during',
  'over', 'since', 'through', 'toward', 'towards', 'under', 'upon', 'via', 'so', 'some', 'than', 'up', 'down',
  'der', 'die', 'das', 'den', 'dem', 'des', 'ein', 'eine', 'le', 'la', 'les', 'un', 'une', 'el', 'los', 'las', 'il', 'lo', 'de', 'du', 'et', 'von', 'zu', 'zum',
]);

/**
 * Keys as Better BibTeX writes `[auth:lower][year][shorttitle1_0]`: the first author's family name
 * (an organisation: its initials when it has three or more capitalised words, else its name), the
 * four-digit year (`nd` when none), and the first title word that is not a skip word, all lower-case
 * ASCII: `galtung1969violence`, `worldbank2011world`, `undp2019human`. A key already given gets `a`,
 * `b`, … appended.
 */
export class KeyMaker {
  private readonly used = new Map<string, number>();

  make(entry: Pick<LibraryEntry, 'authors' | 'editors' | 'year' | 'title'>): string {
    const base = keyBase(entry);
    const count = this.used.get(base) ?? 0;
    this.used.set(base, count + 1);
    if (count === 0) return base;
    let key = base + letters(count - 1);
    // `smith2010a` as a second key must not take a first key's place.
    while (this.used.has(key)) key = base + letters(this.used.get(base)!);
    this.used.set(key, 1);
    return key;
  }
}

function letters(index: number): string {
  return index < 26 ? String.fromCharCode(97 + index) : letters(Math.floor(index / 26) - 1) + letters(index % 26);
}

export function keyBase(entry: Pick<LibraryEntry, 'authors' | 'editors' | 'year' | 'title'>): string {
  const person = creditedPeople(entry)[0];
  let name = '';
  if (person?.literal) {
    const words = withoutFinalGroup(person.literal).split(/\s+/u);
    const capitalised = words.filter((word) => /^\p{Lu}/u.test(word));
    name = capitalised.length >= 3 ? capitalised.map((word) => word[0]).join('') : words.join('');
  } else if (person?.family) {
    name = person.family;
  }
  const year = /\d{4}/.exec(entry.year ?? '')?.[0] ?? 'nd';
  const titleWords = (entry.title ?? '').split(/[\s\-–—:/]+/u).map((word) => ascii(word)).filter((word) => word);
  const titleWord = titleWords.find((word) => !SKIP_WORDS.has(word)) ?? titleWords[0] ?? '';
  return (ascii(name) || (person ? '' : titleWord)) + year + (person ? titleWord : '') || `ref${year}`;
}

function ascii(text: string): string {
  return text
    .normalize('NFD')
    .toLowerCase()
    .replace(/[ßæœøłđıþ]/g, (letter) => ({ ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', ł: 'l', đ: 'd', ı: 'i', þ: 'th' })[letter]!)
    .replace(/[^a-z0-9]/g, '');
}

// ---- Writing -------------------------------------------------------------------------------------

export function toCslJson(library: ExtractedLibrary): string {
  return JSON.stringify(library.references.map((reference) => reference.entry.csl), null, 2) + '\n';
}

/** BibTeX through citation-js (loaded on first use), which keeps each item's `citation-key`. */
export function toBibtex(library: ExtractedLibrary): string {
  if (library.references.length === 0) return '';
  const { Cite } = citationJs();
  return new Cite(library.references.map((reference) => reference.entry.csl))
    .format('bibtex')
    .replace(/ and \{others\}/g, ' and others')
    // citation-js writes `{\" o}`; `{\"o}` is what every BibTeX reader (and Citemark's) decodes.
    .replace(/\{\\(["'`^~=.]) (\w)\}/g, '{\\$1$2}');
}

/** The report of what could not be read, one `line: reason: text` per item. */
export function unreadReport(library: ExtractedLibrary): string[] {
  return library.unread.map((item) => `line ${item.line}: ${item.reason}: ${item.text.length > 100 ? `${item.text.slice(0, 99)}…` : item.text}`);
}
