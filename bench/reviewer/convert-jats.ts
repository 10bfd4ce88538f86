// Turns a JATS article whose citations are author-date (`<xref ref-type="bibr" rid="B7">Smith et al. 2010</xref>`)
// into a labelled reviewer-mode case: `<name>.md` (the body as Markdown, the citations as the publisher wrote
// them, and an APA-style reference list), `<name>.bib` (the references with plain years, as a reference
// manager exports them) and `<name>.labels.json` (each citation's offsets in the body and the keys it links to).
// Then seeds errors by script (a reference removed, a year changed, a name misspelt) and records them.
//
//   npx tsx bench/reviewer/convert-jats.ts OUT_DIR NAME=FILE.xml[=SOURCE NOTE] ...
//
// Library mode checks `<name>.md` cut at `bodyLength` (no reference list) against `<name>.bib`.
import * as fs from 'fs';
import * as path from 'path';
import { parseDocument } from 'htmlparser2';
import type { ChildNode, Element } from 'domhandler';

interface Reference {
  id: string;
  key: string;
  people: Array<{ family: string; given?: string; literal?: string }>;
  etAl: boolean;
  year: string;
  title: string;
  source: string;
  volume: string;
  pages: string;
  doi: string;
  /** The reference as the publisher wrote it (`<mixed-citation>` text), and its `<label>`. */
  ownText: string;
  label: string;
}

/** How the reference list is written: APA from the parts, the publisher's own text, or a numbered style. */
export type ListStyle = 'apa' | 'own' | 'vancouver' | 'mdpi' | 'pensoft' | 'springer' | 'ehp';

export interface ConvertOptions {
  list?: ListStyle;
  /** The list's heading line, when not `# ` + the article's own title of its list. */
  heading?: string;
}

/** Each item of the list as the source structures it: the line it starts on in `<name>.md` (0-based), first author, year. */
export interface ListItemLabel {
  key: string;
  line: number;
  family: string;
  year: string;
}

export interface CitationLabel {
  start: number;
  end: number;
  text: string;
  keys: string[];
}

export interface SeededError {
  kind: 'removed-reference' | 'changed-year' | 'misspelt-name';
  /** Citation spans (offsets in the seeded body) that must be flagged. */
  spans: Array<{ start: number; end: number }>;
  key: string;
  detail: string;
}

export interface CaseLabels {
  name: string;
  source: string;
  licence: string;
  /** Length of the body: `<name>.md` without its reference list is the draft checked against `<name>.bib`. */
  bodyLength: number;
  /** Offsets in `<name>.md`. */
  citations: CitationLabel[];
  /** The keys of the reference-list items, in their order in `<name>.md`. */
  listKeys: string[];
  /** References of the list that no citation of the converted text reaches (cited only in tables, or never). */
  uncited: string[];
  seeded: SeededError[];
  /** `numbered`: the text cites by number; `unlinked`: author-date, but the source links no citation. */
  style?: 'author-date' | 'numbered' | 'unlinked';
  listItems?: ListItemLabel[];
}

const isElement = (node: ChildNode): node is Element => node.type === 'tag' || node.type === 'script' || node.type === 'style';
const children = (node: Element) => node.children;
const find = (node: Element, name: string): Element | undefined => {
  for (const child of children(node)) {
    if (!isElement(child)) continue;
    if (child.name === name) return child;
    const deeper = find(child, name);
    if (deeper) return deeper;
  }
  return undefined;
};
const findAll = (node: Element, name: string, out: Element[] = []): Element[] => {
  for (const child of children(node)) {
    if (!isElement(child)) continue;
    if (child.name === name) out.push(child);
    else findAll(child, name, out);
  }
  return out;
};
const textOf = (node: ChildNode | undefined): string => {
  if (!node) return '';
  if (node.type === 'text') return node.data;
  if (!isElement(node)) return '';
  // Springer's PMC XML gives each formula as TeX beside the MathML (`pCO<tex-math>\\documentclass…$$_2$$…</tex-math><mml:math>…2…`):
  // the TeX is left out, so that a reference's title reads `pCO2`.
  if (node.name === 'tex-math') return '';
  return children(node).map(textOf).join('');
};
const clean = (text: string) => text.replace(/\s+/g, ' ').trim();

/** Block elements: each starts a paragraph. Skipped: tables' bodies, formulas, the front and back matter. */
const SKIP = new Set(['table', 'disp-formula', 'inline-formula', 'mml:math', 'graphic', 'media', 'object-id', 'label', 'tp:nomenclature-citation-list']);

/** The authors' names just before a linked year: `Anderson and Sando `, `Corso and de Almeida `, `Meli et al.,`, `Lee et al. (`. */
const NAME = String.raw`(?:(?:van|von|de|der|den|da|du|del|la|le|dos)\s)*\p{Lu}[\p{L}'’-]+`;
const NAMES_BEFORE_YEAR = new RegExp(String.raw`(?<![\p{L}\d])${NAME}(?:(?:,\s${NAME})*,?\s(?:and|&)\s${NAME}|\s\*?et al\.?\*?)?,?\s*\(?\s*$`, 'u');

class Writer {
  out = '';
  citations: CitationLabel[] = [];
  private line = '';
  private lineStart = 0;
  private trimNext = false;
  private pending: Array<{ start: number; end: number; text: string; rids: string[] }> = [];
  constructor(private readonly keyOf: (rid: string) => string | undefined, private readonly nameOf: (rid: string) => string | undefined = () => undefined) {}

  text(data: string): void {
    let text = data.replace(/\s+/g, ' ');
    if (this.line === '' || /\s$/.test(this.line) || this.trimNext) text = text.trimStart();
    if (text) this.trimNext = false;
    // Keep Markdown from reading prose as code, math or HTML.
    this.line += text.replace(/[`$\\]/g, '\\$&').replace(/<(?=[!a-zA-Z/])/g, '&lt;');
  }
  citation(node: Element, rids: string[]): void {
    // Pretty-printed XML loses the space before a citation (`e.g.,<xref>`, `in<xref>`) or adds one after `(`.
    if (/[\p{L}\d,;:.]$/u.test(this.line)) this.line += ' ';
    if (/[([]$/.test(this.line)) this.trimNext = true;
    const start = this.line.length;
    this.inline(node);
    const raw = this.line.slice(start);
    let lead = raw.length - raw.trimStart().length;
    let begin = start;
    // Springer and PMC link the year only, `Goldstein et al. <xref>1975</xref>`, `Supaka et al. (<xref>2004</xref>)`:
    // the citation starts at the names before it.
    if (/^\s*\d{4}[a-z]?\s*$/.test(raw)) {
      const before = this.line.slice(0, start);
      // From the first author's name as the reference has it (`World Bank`, `Deutsche Hochschule der Polizei`) when it is near,
      // else from the names' shape.
      const name = this.nameOf(rids[0] ?? '');
      const at = name ? before.lastIndexOf(name) : -1;
      const names = at >= 0 && before.length - at < 150 && !/[;()]/.test(before.slice(at, -2)) ? { 0: before.slice(at) } : NAMES_BEFORE_YEAR.exec(before);
      if (names) {
        begin = start - names[0].length;
        lead = 0;
      }
    }
    this.pending.push({ start: begin + lead, end: start + raw.trimEnd().length, text: this.line.slice(begin + lead, start + raw.trimEnd().length).trim(), rids });
  }
  inline(node: Element): void {
    for (const child of children(node)) {
      if (child.type === 'text') this.text(child.data);
      else if (isElement(child)) this.element(child);
    }
  }
  element(node: Element): void {
    if (SKIP.has(node.name)) return;
    if (node.name === 'xref' && node.attribs['ref-type'] === 'bibr') {
      this.citation(node, (node.attribs.rid ?? '').split(/\s+/).filter((rid) => rid));
      return;
    }
    // Numbers cited in superscript (`<sup><xref>1</xref>, <xref>2</xref></sup>`) stay superscript.
    if (node.name === 'sup' && findAll(node, 'xref').some((xref) => xref.attribs['ref-type'] === 'bibr')) {
      this.line += '<sup>';
      this.trimNext = true;
      this.inline(node);
      this.line = this.line.replace(/\s+$/, '') + '</sup>';
      return;
    }
    const mark = node.name === 'italic' ? '*' : node.name === 'bold' ? '**' : '';
    const blank = mark && textOf(node).trim() === '';
    if (mark && !blank) {
      // Emphasis hugs its text: `*Parasaurolophus*`, never `* x*`.
      const inner = textOf(node);
      if (/^\s/.test(inner) && !/\s$/.test(this.line)) this.line += ' ';
      this.line += mark;
      this.inline(node);
      this.line = this.line.replace(/\s+$/, '');
      this.line += mark;
      if (/\s$/.test(inner)) this.line += ' ';
      return;
    }
    if (['p', 'title', 'caption', 'list-item', 'def-item', 'td', 'th', 'boxed-text', 'fn'].includes(node.name) || node.name === 'sec') {
      this.block(node);
      return;
    }
    this.inline(node);
  }
  block(node: Element, prefix = ''): void {
    this.flush();
    this.line = prefix;
    this.inline(node);
    this.flush();
  }
  heading(level: number, node: Element): void {
    this.block(node, `${'#'.repeat(Math.min(level, 6))} `);
  }
  flush(): void {
    const line = this.line.trim();
    const trimmedStart = this.line.length - this.line.trimStart().length;
    if (line && !/^#+$/.test(line)) {
      this.lineStart = this.out.length;
      for (const citation of this.pending) {
        const keys = citation.rids.map(this.keyOf).filter((key): key is string => key !== undefined);
        if (keys.length === 0 || !citation.text) continue;
        this.citations.push({
          start: this.lineStart + citation.start - trimmedStart, end: this.lineStart + citation.end - trimmedStart, text: citation.text, keys,
        });
      }
      this.out += line + '\n\n';
    }
    this.line = '';
    this.pending = [];
  }
}

function writeSection(writer: Writer, node: Element, level: number): void {
  for (const child of children(node)) {
    if (!isElement(child)) continue;
    if (child.name === 'title') writer.heading(level, child);
    // Some PMC XML (Wiley, 2026) has no `<back>`: the list is a `<sec sec-type="ref-list">` at the end of the body.
    else if (child.name === 'sec' && (child.attribs['sec-type'] === 'ref-list' || find(child, 'ref-list'))) continue;
    else if (child.name === 'sec' || child.name === 'tp:taxon-treatment' || child.name === 'tp:treatment-sec') writeSection(writer, child, level + 1);
    else if (child.name === 'fig' || child.name === 'table-wrap') {
      const caption = find(child, 'caption');
      if (caption) writer.block(caption);
    } else if (child.name === 'p') writer.block(child);
    else if (child.name === 'list') for (const item of findAll(child, 'list-item')) writer.block(item, '- ');
    else writeSection(writer, child, level);
  }
}

function readReferences(back: Element): Reference[] {
  const refs: Reference[] = [];
  for (const ref of findAll(back, 'ref')) {
    const citation = find(ref, 'element-citation') ?? find(ref, 'mixed-citation') ?? find(ref, 'citation') ?? ref;
    const groups = findAll(citation, 'person-group');
    // Wiley's chapters: the authors are bare `<string-name>`s, only the editors have a `<person-group>`; AGU's (GeoHealth)
    // likewise give an organisation author as a bare `<collab>` before the editors' `<person-group>`.
    const bareNames = children(citation).some((c) => isElement(c) && (c.name === 'string-name' || c.name === 'name' || c.name === 'collab'));
    const group = groups.find((g) => (g.attribs['person-group-type'] ?? 'author') === 'author') ?? (bareNames ? undefined : groups[0]);
    const people: Reference['people'] = [];
    let etAl = false;
    // Wiley gives each editor a `<person-group>` of its own (`Lamont M. and Fournier M. (Eds.)`): all of that type.
    const sameType = group ? groups.filter((g) => (g.attribs['person-group-type'] ?? 'author') === (group.attribs['person-group-type'] ?? 'author')) : [];
    const from = group ?? citation;
    for (const child of sameType.length > 1 ? sameType.flatMap(children) : children(from)) {
      if (!isElement(child)) continue;
      // Glossa (Unified Style Sheet for Linguistics) gives the editors of a chapter as bare `<string-name>`s too, after the
      // year (`Etxepare, Ricardo. <year>2003</year>. <chapter-title>Negation</chapter-title>. In Hualde, José Ignacio & …`).
      if (!group && child.name === 'year') break;
      if (child.name === 'name') {
        people.push({ family: clean(textOf(find(child, 'surname'))), given: clean(textOf(find(child, 'given-names'))) || undefined });
      } else if (child.name === 'string-name') {
        const surname = find(child, 'surname');
        const text = clean(textOf(surname ?? child));
        if (/^(others|al\.?)$/i.test(text)) etAl = true;
        else people.push({ family: text, given: clean(textOf(find(child, 'given-names'))) || undefined });
      } else if (child.name === 'collab') {
        people.push({ family: '', literal: clean(textOf(child)) });
      } else if (child.name === 'etal') {
        etAl = true;
      }
    }
    const doiNode = findAll(citation, 'pub-id').find((id) => id.attribs['pub-id-type'] === 'doi');
    const doiLink = findAll(citation, 'ext-link').map((link) => link.attribs['xlink:href'] ?? '').find((href) => /doi\.org\/10\./.test(href));
    const fpage = clean(textOf(find(citation, 'fpage')));
    const lpage = clean(textOf(find(citation, 'lpage')));
    const articleTitle = clean(textOf(find(citation, 'article-title') ?? find(citation, 'part-title') ?? find(citation, 'chapter-title')));
    // SciELO gives both: the structured `<element-citation>` and, beside it, the text as printed (`<mixed-citation>`).
    const mixed = citation.name === 'mixed-citation' ? citation : children(ref).find((c): c is Element => isElement(c) && c.name === 'mixed-citation');
    // PMC's XML keeps the whitespace between elements (`Cox, W. T. L. , & Devine`, `Deutsche Hochschule der Polizei . (2024)`),
    // which the printed list does not have.
    const ownText = mixed ? clean(textOf(mixed)).replace(/\s+([,.;:)])/g, '$1').replace(/\(\s+/g, '(') : '';
    // PMC's XML of some Wiley articles (2026) keeps only the printed string (`<named-content content-type="citation-string">`)
    // and, beside it, a Google Scholar link whose query holds the parts (`author=R. K. Lenroot&author=J. N. Giedd&publication_year=2006`).
    const scholar = findAll(citation, 'ext-link').find((link) => link.attribs['ext-link-type'] === 'google-scholar');
    const printed = find(citation, 'named-content');
    if (people.length === 0 && !find(citation, 'year') && printed?.attribs['content-type'] === 'citation-string') {
      // The values are not escaped (`journal=Social Science & Medicine&pmid=…`): a field starts at `&name=`.
      const query = new Map<string, string[]>();
      for (const m of (scholar?.attribs['xlink:href'] ?? '').replace(/&amp;/g, '&').matchAll(/(?:^|&)(\w+)=(.*?)(?=&\w+=|&$|$)/g)) query.set(m[1], [...(query.get(m[1]) ?? []), m[2]]);
      const field = (name: string): string | undefined => query.get(name)?.[0];
      // The year as printed, with its letter: APA `(2013a).`, Wiley's Chicago-like `. 2013a.`
      const printedYear = /\((\d{4}[a-z]?|n\.d\.)\)|(?:^|[.,]\s)(\d{4}[a-z]?)\.\s/.exec(ownText);
      const year = printedYear?.[1] ?? printedYear?.[2] ?? field('publication_year') ?? 'n.d.';
      for (const author of query.get('author') ?? []) {
        const tokens = author.trim().split(/\s+/);
        let cut = 0;
        tokens.forEach((token, i) => { if (i < tokens.length - 1 && /^(?:\p{Lu}\.?-?)+$|\.$/u.test(token)) cut = i + 1; });
        people.push({ family: tokens.slice(cut).join(' '), given: tokens.slice(0, cut).join(' ') || undefined });
      }
      if (!people.length && printedYear) {
        // No Scholar link: the names as printed before the year, `Spencer, R., Jones, G., & Ashley, L.` or an organisation.
        const names = ownText.slice(0, printedYear.index).replace(/[.\s]+$/, '').replace(/,?\s*(?:&|and)\s+/g, ', ').split(/,\s*/);
        // Springer's basic style (International Journal of Biometeorology, Tropical Animal Health and Production, 2025–2026):
        // `Akash SH, Sarkar SK, Bindajam AA (2024)`, `Herrero M et al (2016)`: each name its family name and initials.
        const vancouver = /^(.+?)\s+((?:\p{Lu}\.?-?)+)$/u;
        const parts = names.map((n) => n.trim().replace(/\s+et al\.?$/, '')).filter((n) => n);
        if (names.length > 1 && names.slice(1).every((n, i) => i % 2 === 1 || /^(?:\p{Lu}\.?\s*-?)+$/u.test(n))) {
          for (let i = 0; i < names.length; i += 2) people.push({ family: names[i].trim(), given: names[i + 1]?.trim().replace(/(\p{Lu})$/u, '$1.') || undefined });
        } else if (parts.filter((n) => vancouver.test(n)).length * 2 >= parts.length) {
          // A name the publisher mistyped (`Nguyen TTT Nguyen, Nguyen TH`): its first word and the initials after it.
          for (const name of parts) {
            const m = vancouver.exec(name) ?? /^(\S+)\s+((?:\p{Lu}\.?-?)+)\s/u.exec(name);
            people.push(m ? { family: m[1], given: m[2] } : { family: name, given: undefined });
          }
        } else people.push({ family: '', literal: ownText.slice(0, printedYear.index).replace(/[.\s]+$/, '') });
      }
      const after = printedYear ? ownText.slice(printedYear.index + printedYear[0].length).replace(/^[.\s]+/, '') : '';
      const pages = (field('pages') ?? '').replace(/-/g, '–');
      refs.push({
        id: ref.attribs.id ?? '', key: '', people, etAl: printedYear ? /\set al\.?\s*$/.test(ownText.slice(0, printedYear.index)) : false, year,
        title: (field('title') ?? after.replace(/^“/, '').split(/[.?!]”?\s/)[0]).replace(/\.$/, ''),
        source: field('journal') ?? '', volume: field('volume') ?? '', pages, doi: field('doi') ?? '',
        ownText, label: clean(textOf(find(ref, 'label'))),
      });
      continue;
    }
    // An untagged Copernicus item, `Best, M. J., Cox, P. M., and Warrilow, D.: title, journal, 114, 111–142, 2005.`:
    // authors first, the year last.
    // An untagged Springer item, `Islam E, Sar P (2011b) Title. Journal 65:1043–1051`: names, then the year in parentheses.
    const springer = people.length === 0 && ownText && !find(citation, 'year') ? /^([^()]+?) \((\d{4}[a-z]?)\) (.*)$/.exec(ownText) : null;
    if (springer) {
      for (const name of springer[1].split(/,\s*/)) {
        const m = /^(.+?)\s+(\p{Lu}+)$/u.exec(name.trim());
        people.push(m ? { family: m[1], given: m[2] } : { family: '', literal: name.trim() });
      }
      refs.push({
        id: ref.attribs.id ?? '', key: '', people, etAl: false, year: springer[2], title: springer[3].split('. ')[0],
        source: '', volume: '', pages: '', doi: '', ownText, label: clean(textOf(find(ref, 'label'))),
      });
      continue;
    }
    if (people.length === 0 && ownText && !find(citation, 'year')) {
      const year = /(\d{4}[a-z]?)\.?\s*$/.exec(ownText)?.[1];
      if (year) {
        // `Best, M. J., Cox, P. M., and Warrilow, D.`: family names and initials in turn, before the colon.
        const parts = ownText.split(':')[0].replace(/,?\s+and\s+/, ', ').split(/,\s*/);
        if (!/^(?:\p{Lu}\.[\s-]*)+$/u.test(parts[1] ?? '')) parts.length = 1; // not that form: the first name only
        for (let i = 0; i < parts.length; i += 2) people.push({ family: parts[i].trim(), given: parts[i + 1]?.trim() || undefined });
        refs.push({
          id: ref.attribs.id ?? '', key: '', people, etAl: false, year, title: ownText.split(':')[1]?.split(',')[0]?.trim() ?? '',
          source: '', volume: '', pages: '', doi: '', ownText, label: clean(textOf(find(ref, 'label'))),
        });
        continue;
      }
    }
    const source = clean(textOf(find(citation, 'source')));
    // PMC's XML of Health Promotion International (OUP, 2025) tags the names of some items (reports, news) but neither
    // their year nor their title: `Kelsall T. Title. Abc News [Online], 2025. Available: …`. The year and title as printed.
    const untagged = !find(citation, 'year') && !articleTitle && !source && ownText ? ownText : '';
    const printedYear = untagged ? /(?:^|[\s,(])((?:1[89]|20)\d{2}[a-z]?)(?=[.,;)]|\s*$)/.exec(untagged)?.[1] : undefined;
    const printedTitle = untagged ? (/^[^.]*?\.\s+(.+?)(?:\.\s|$)/.exec(untagged)?.[1] ?? '') : '';
    refs.push({
      id: ref.attribs.id ?? '',
      key: '',
      people,
      etAl,
      year: clean(textOf(find(citation, 'year'))) || printedYear || (/in press/i.test(textOf(citation)) ? 'in press' : 'n.d.'),
      title: (articleTitle || source || printedTitle).replace(/\.$/, ''),
      source: articleTitle ? source.replace(/\.$/, '') : '',
      volume: clean(textOf(find(citation, 'volume'))),
      pages: fpage && lpage ? `${fpage}–${lpage}` : fpage,
      doi: clean(textOf(doiNode)) || (doiLink ? doiLink.replace(/^.*doi\.org\//, '') : ''),
      ownText,
      label: clean(textOf(find(ref, 'label'))),
    });
  }
  // Better BibTeX's default keys: first author's name, first title word, year.
  const seen = new Map<string, number>();
  for (const ref of refs) {
    const person = ref.people[0];
    const name = (person?.family || person?.literal || 'anon').normalize('NFD').replace(/[^A-Za-z]/g, '').toLowerCase() || 'anon';
    const word = (ref.title.normalize('NFD').toLowerCase().match(/[a-z]{4,}/) ?? ['x'])[0];
    const base = `${name}${plainYear(ref.year)}${word}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    ref.key = count === 1 ? base : `${base}${count}`;
  }
  return refs;
}

const plainYear = (year: string) => /\d{4}/.exec(year)?.[0] ?? 'nd';

function initials(given: string | undefined): string {
  if (!given) return '';
  const initial = (part: string) =>
    /^\p{Lu}+\.?$/u.test(part) && part.replace('.', '').length <= 3 ? [...part.replace('.', '')].map((c) => `${c}.`).join(' ') : `${part[0].toUpperCase()}.`;
  return given
    .split(/\s+/)
    .filter((word) => word && !/^\p{Ll}/u.test(word))
    .map((word) => word.split('-').filter((part) => part).map(initial).join('-'))
    .join(' ');
}

/** `Kamp, T van de` is listed as `van de Kamp, T.`. */
function familyWithParticles(person: Reference['people'][number]): string {
  const particles = (person.given ?? '').split(/\s+/).filter((word) => /^\p{Ll}/u.test(word));
  return [...particles, person.family].join(' ');
}

/** APA 7: `Surname, I. I., Surname, I., & Surname, I. (2010). Title. Source, 5, 1–10. https://doi.org/…` */
function apaItem(ref: Reference): string {
  const names = ref.people.map((person) => (person.literal ? person.literal : `${familyWithParticles(person)}${initials(person.given) ? `, ${initials(person.given)}` : ''}`));
  let authors = names.length <= 1 ? names.join('') : `${names.slice(0, -1).join(', ')}, & ${names[names.length - 1]}`;
  if (ref.etAl) authors = `${names.join(', ')}, et al.`;
  const source = ref.source ? ` *${ref.source}*${ref.volume ? `, *${ref.volume}*` : ''}${ref.pages ? `, ${ref.pages}` : ''}.` : '';
  const doi = ref.doi ? ` https://doi.org/${ref.doi}` : '';
  const title = escapeText(ref.title);
  return `${authors || title} (${ref.year}).${authors ? ` ${title}.` : ''}${source}${doi}`;
}

/** `Surname AB` (PLOS, F1000Research): initials without points. */
function vancouverName(person: Reference['people'][number]): string {
  if (person.literal) return person.literal;
  const letters = initials(person.given).replace(/[.\s]/g, '');
  return `${familyWithParticles(person)}${letters ? ` ${letters}` : ''}`;
}

/** PLOS: `Surname AB, Surname C, et al. Title. Source. 2010;5:1–10. doi: …` */
function vancouverItem(ref: Reference): string {
  const names = ref.people.slice(0, 6).map(vancouverName);
  const authors = names.join(', ') + (ref.etAl || ref.people.length > 6 ? ', et al' : '');
  const where = ref.source ? ` ${ref.source}. ${ref.year}${ref.volume ? `;${ref.volume}` : ''}${ref.pages ? `:${ref.pages}` : ''}.` : ` ${ref.year}.`;
  return `${authors ? `${authors}. ` : ''}${escapeText(ref.title)}.${where}${ref.doi ? ` doi: ${ref.doi}` : ''}`;
}

/** MDPI: `Surname, A.B.; Surname, C. Title. *Source* **2010**, *5*, 1–10.` */
function mdpiItem(ref: Reference): string {
  const names = ref.people.map((person) => (person.literal ? person.literal : `${familyWithParticles(person)}, ${initials(person.given).replace(/\s/g, '')}`.replace(/, $/, '')));
  const authors = names.join('; ') + (ref.etAl ? '; et al.' : '');
  const source = ref.source ? ` *${ref.source}* **${ref.year}**${ref.volume ? `, *${ref.volume}*` : ''}${ref.pages ? `, ${ref.pages}` : ''}.` : ` **${ref.year}**.`;
  return `${authors ? `${authors} ` : ''}${escapeText(ref.title)}.${source}`;
}

/** Pensoft (ZooKeys, PhytoKeys, BDJ), whose `<mixed-citation>` has no separators between names: `Surname AB, Surname C (2010) Title. Source 5: 1–10. https://doi.org/…` */
function pensoftItem(ref: Reference): string {
  const authors = ref.people.map(vancouverName).join(', ') + (ref.etAl ? ' et al.' : '');
  const source = ref.source ? ` ${ref.source}${ref.volume ? ` ${ref.volume}` : ''}${ref.pages ? `: ${ref.pages}` : ''}.` : '';
  return `${authors ? `${authors} ` : ''}(${ref.year}) ${escapeText(ref.title)}.${source}${ref.doi ? ` https://doi.org/${ref.doi}` : ''}`;
}

/** Springer basic (3 Biotech): `Surname AB, Surname C (2010) Title. Source 5:1–10` */
function springerItem(ref: Reference): string {
  const authors = ref.people.map(vancouverName).join(', ') + (ref.etAl ? ' et al' : '');
  const source = ref.source ? ` ${ref.source}${ref.volume ? ` ${ref.volume}` : ''}${ref.pages ? `:${ref.pages}` : ''}` : '';
  return `${authors ? `${authors} ` : ''}(${ref.year}) ${escapeText(ref.title)}.${source}${ref.doi ? `. doi:${ref.doi}` : ''}`;
}

/** Environmental Health Perspectives: `Surname AB, Surname C, et al. 2010. Title. Source 5:1–10.` */
function ehpItem(ref: Reference): string {
  const authors = ref.people.map(vancouverName).join(', ') + (ref.etAl ? ', et al' : '');
  const source = ref.source ? ` ${ref.source}${ref.volume ? ` ${ref.volume}` : ''}${ref.pages ? `:${ref.pages}` : ''}.` : '';
  return `${authors ? `${authors}. ` : ''}${ref.year}. ${escapeText(ref.title)}.${source}`;
}

const escapeText = (text: string) => text.replace(/[`$\\]/g, '\\$&');

/** The item in the list's style; numbered styles and numbered publisher lists start `1. `. */
function listItem(ref: Reference, style: ListStyle, index: number, numbered: boolean): string {
  const number = /^\d+\.?$/.test(ref.label) ? `${ref.label.replace('.', '')}. ` : `${index + 1}. `;
  if (style === 'vancouver') return number + vancouverItem(ref);
  if (style === 'mdpi') return number + mdpiItem(ref);
  if (style === 'pensoft') return (numbered ? number : '') + pensoftItem(ref);
  // An item the source gives untagged (`<mixed-citation publication-type="other">`) is printed as it is.
  if ((style === 'springer' || style === 'ehp') && ref.ownText && !ref.source && !ref.volume) return (numbered ? number : '') + escapeText(ref.ownText);
  if (style === 'springer') return (numbered ? number : '') + springerItem(ref);
  if (style === 'ehp') return (numbered ? number : '') + ehpItem(ref);
  return (numbered ? number : '') + (style === 'own' && ref.ownText ? escapeText(ref.ownText) : apaItem(ref));
}

function bibEntry(ref: Reference): string {
  const person = (p: Reference['people'][number]) => (p.literal ? `{${p.literal}}` : p.given ? `${p.family}, ${p.given}` : p.family);
  const authors = [...ref.people.map(person), ...(ref.etAl ? ['others'] : [])].join(' and ');
  const fields: Array<[string, string]> = [
    ['author', authors], ['title', `{${ref.title}}`], ['journal', ref.source], ['year', plainYear(ref.year).replace('nd', '')],
    ['pubstate', /in press/i.test(ref.year) ? 'inpress' : ''],
    ['volume', ref.volume], ['pages', ref.pages.replace('–', '--')], ['doi', ref.doi],
  ];
  const body = fields.filter(([, value]) => value).map(([name, value]) => `  ${name} = {${value.replace(/[{}]/g, (c) => (value.startsWith('{') ? c : ''))}}`);
  return `@${ref.source ? 'article' : 'book'}{${ref.key},\n${body.join(',\n')}\n}\n`;
}

/** A deterministic generator, so that the seeded errors are the same on every run. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

export function convert(name: string, xml: string, sourceNote: string, options: ConvertOptions = {}): { md: string; bib: string; labels: CaseLabels } {
  const doc = parseDocument(xml, { xmlMode: true });
  // PMC wraps the article in `<pmc-articleset>`.
  const top = doc.children.find((node): node is Element => isElement(node) && node.name === 'pmc-articleset');
  const root = (top ? children(top) : doc.children).find((node): node is Element => isElement(node) && node.name === 'article');
  if (!root) throw new Error(`${name}: no <article>`);
  const back = find(root, 'back');
  const refSec = !back ? findAll(root, 'sec').find((sec) => sec.attribs['sec-type'] === 'ref-list') : undefined;
  const refList = back ? find(back, 'ref-list') : refSec && find(refSec, 'ref-list');
  if (!refList) throw new Error(`${name}: no <ref-list>`);
  const refs = readReferences(refList);
  const byId = new Map(refs.map((ref) => [ref.id, ref]));
  const byKey = new Map(refs.map((ref) => [ref.key, ref]));
  const writer = new Writer((rid) => byId.get(rid)?.key, (rid) => byId.get(rid)?.people[0]?.literal || byId.get(rid)?.people[0]?.family || undefined);
  const title = find(root, 'article-title');
  if (title) writer.heading(1, title);
  const abstract = find(root, 'abstract');
  if (abstract) writeSection(writer, abstract, 2);
  const body = find(root, 'body');
  if (body) writeSection(writer, body, 2);
  const license = find(root, 'license');
  // Cambridge University Press gives the licence only as `<ali:license_ref>` text inside `<license>`.
  const licenseRef = license && find(license, 'ali:license_ref');
  const licence = (license?.attribs['xlink:href'] ?? (license && find(license, 'ext-link')?.attribs['xlink:href']) ?? (licenseRef ? clean(textOf(licenseRef)) : '')).replace(/^https?:\/\//, '');

  // A list written from the parts prints the year's letter as the text cites it (`Islam and Sar 2011a`): JATS's `<year>` often lacks it.
  if (options.list && options.list !== 'own') {
    for (const ref of refs) {
      if (!/^\d{4}$/.test(ref.year)) continue;
      const letters = new Set(writer.citations.filter((c) => c.keys.length === 1 && c.keys[0] === ref.key)
        .map((c) => new RegExp(`\\b${ref.year}([a-z])\\b`).exec(c.text)?.[1]).filter((letter) => letter));
      if (letters.size === 1) ref.year += [...letters][0];
    }
  }

  // Numbered citations (`[1]`, `2`) and sources that link no citation are scored for their lists and flags only.
  const style: CaseLabels['style'] = writer.citations.length === 0 ? 'unlinked' : writer.citations.every((c) => /^[[(]?[\d,–-\s]+[\])]?$/.test(c.text)) ? 'numbered' : 'author-date';
  if (style !== 'author-date') writer.citations.length = 0;

  // Seeded errors, on the body text, far from each other.
  let text = writer.out;
  const citations = writer.citations;
  const next = random([...name].reduce((sum, c) => sum + c.charCodeAt(0), 7));
  const seeded: SeededError[] = [];
  const counts = new Map<string, number>();
  for (const citation of citations) for (const key of citation.keys) counts.set(key, (counts.get(key) ?? 0) + 1);
  const removed = new Set<string>();
  const used = new Set<number>();
  const pick = (ok: (citation: CitationLabel) => boolean) => {
    const candidates = citations.map((_, i) => i).filter((i) => !used.has(i) && ok(citations[i]));
    if (candidates.length === 0) return undefined;
    const index = candidates[Math.floor(next() * candidates.length)];
    used.add(index);
    return index;
  };
  const errors = style !== 'author-date' ? 0 : Math.max(1, Math.min(4, Math.round(citations.length / 40)));
  // A removed reference: every citation that reaches only it must be flagged.
  for (let n = 0; n < errors; n++) {
    const index = pick((c) => c.keys.length === 1 && (counts.get(c.keys[0]) ?? 0) <= 3 && !removed.has(c.keys[0]));
    if (index === undefined) break;
    const key = citations[index].keys[0];
    removed.add(key);
    const spans = citations.filter((c) => c.keys.length === 1 && c.keys[0] === key).map(({ start, end }) => ({ start, end }));
    citations.forEach((citation, i) => citation.keys.includes(key) && used.add(i));
    seeded.push({ kind: 'removed-reference', spans, key, detail: `reference ${key} removed from the list and the .bib` });
  }
  // Edits to the text, last first so that earlier offsets hold; later labels shift by the length change.
  const edits: Array<{ index: number; replacement: string; kind: SeededError['kind']; detail: string }> = [];
  for (let n = 0; n < errors; n++) {
    const index = pick((c) => c.keys.length === 1 && /\b(1[6-9]|20)\d\d\b/.test(c.text));
    if (index === undefined) break;
    const citation = citations[index];
    const year = /\b((?:1[6-9]|20)\d\d)\b/.exec(citation.text)!;
    // A year the cited author has no work in, or the error would cite another real work.
    const family = byKey.get(citation.keys[0])?.people[0]?.family;
    const taken = new Set(refs.filter((ref) => ref.people[0]?.family === family).map((ref) => plainYear(ref.year)));
    let wrong = String(Number(year[1]) + 3);
    while (taken.has(wrong)) wrong = String(Number(wrong) + 2);
    const replacement = citation.text.slice(0, year.index) + wrong + citation.text.slice(year.index + 4);
    edits.push({ index, replacement, kind: 'changed-year', detail: `${citation.text} → ${replacement}` });
  }
  for (let n = 0; n < errors; n++) {
    const index = pick((c) => c.keys.length === 1 && /^\p{Lu}\p{Ll}{4,}/u.test(c.text));
    if (index === undefined) break;
    const citation = citations[index];
    const m = /^(\p{Lu}\p{Ll})(\p{Ll})(\p{Ll})/u.exec(citation.text)!;
    const replacement = m[1] + m[3] + m[2] + citation.text.slice(4);
    if (m[2] === m[3]) continue;
    edits.push({ index, replacement, kind: 'misspelt-name', detail: `${citation.text} → ${replacement}` });
  }
  edits.sort((a, b) => a.index - b.index);
  let shift = 0;
  const shifted = citations.map((c) => ({ ...c }));
  const editAt = new Map(edits.map((edit) => [edit.index, edit]));
  const out: string[] = [];
  let cursor = 0;
  citations.forEach((citation, i) => {
    shifted[i].start += shift;
    const edit = editAt.get(i);
    if (edit) {
      out.push(text.slice(cursor, citation.start), edit.replacement);
      cursor = citation.end;
      shift += edit.replacement.length - citation.text.length;
      shifted[i].text = edit.replacement;
    }
    shifted[i].end += shift;
  });
  out.push(text.slice(cursor));
  text = out.join('');
  for (const edit of edits) {
    const { start, end } = shifted[edit.index];
    seeded.push({ kind: edit.kind, spans: [{ start, end }], key: citations[edit.index].keys[0], detail: edit.detail });
  }
  for (const error of seeded) {
    if (error.kind !== 'removed-reference') continue;
    error.spans = shifted.filter((c) => c.keys.length === 1 && c.keys[0] === error.key).map(({ start, end }) => ({ start, end }));
  }

  const listed = refs.filter((ref) => !removed.has(ref.key));
  const cited = new Set(shifted.flatMap((c) => c.keys));
  const heading = options.heading ?? `# ${clean(textOf(find(refList, 'title'))) || (refSec && clean(textOf(find(refSec, 'title')))) || 'References'}`;
  const list = `${heading}\n\n${listed.map((ref, i) => listItem(ref, options.list ?? 'apa', i, style === 'numbered')).join('\n\n')}\n`;
  const firstLine = text.split('\n').length - 1 + heading.split('\n').length + 1;
  const listItems = listed.map((ref, i) => ({
    key: ref.key, line: firstLine + 2 * i, family: ref.people[0]?.family || ref.people[0]?.literal || '',
    // the year as the list prints it: SciELO's `<year>2017</year>` is printed `2017a` when the text cites `2017a`
    year: options.list === 'own' && ref.year && new RegExp(`\\b${ref.year}[a-z]\\b`).exec(ref.ownText)?.[0] || ref.year,
  }));
  const labels: CaseLabels = {
    name, source: sourceNote, licence, bodyLength: text.length, citations: shifted, listKeys: listed.map((ref) => ref.key),
    uncited: listed.filter((ref) => !cited.has(ref.key)).map((ref) => ref.key),
    seeded, style, listItems,
  };
  return { md: text + list, bib: listed.map(bibEntry).join('\n'), labels };
}

if (require.main === module) {
  const [outDir, ...cases] = process.argv.slice(2);
  fs.mkdirSync(outDir, { recursive: true });
  for (const spec of cases) {
    // `NAME[:LIST_STYLE[:HEADING LINE]]=FILE.xml=SOURCE NOTE`
    const [target, file, ...note] = spec.split('=');
    const [name, list, ...heading] = target.split(':');
    const result = convert(name, fs.readFileSync(file, 'utf8'), note.join('='), { list: (list || 'apa') as ListStyle, heading: heading.length ? heading.join(':') : undefined });
    fs.writeFileSync(path.join(outDir, `${name}.md`), result.md);
    fs.writeFileSync(path.join(outDir, `${name}.bib`), result.bib);
    fs.writeFileSync(path.join(outDir, `${name}.labels.json`), JSON.stringify(result.labels, null, 1) + '\n');
    console.log(`${name}: ${result.labels.citations.length} citations, ${result.labels.seeded.length} seeded errors, licence ${result.labels.licence}`);
  }
}
