// Recognises author-date citations written in prose (APA 7, Harvard): `(Smith, 2010)`,
// `Smith and Jones (2010)`, `(World Bank, 2006)`, `("Short title," 2017)` and their variants.
// Pure text work: matching against references is in authorDateCheck.ts.
import { ignoredSpans, inSpans, mergeSpans, type Span } from '../markdown/regions';

/** One cited work inside a citation: `Smith, 2010` in `(Smith, 2010; Jones, 2012)`. */
export interface AuthorDateItem {
  text: string;
  start: number;
  end: number;
  /** Names as written, first author first (`van der Berg`, `World Bank`, `J. Smith`). */
  names: string[];
  /** The whole author phrase without "et al." (a corporate name may contain "and"). */
  namePhrase: string;
  etAl: boolean;
  /** "et al." as written when it is misspelt (`et.al`, `et al,`). */
  etAlVariant?: string;
  /** `2010`, `n.d.` or `in press`. */
  year: string;
  /** `a` for `2010a` or `2010-a`; empty when none. */
  suffix: string;
  /** Set for title-cited works: `("Short title," 2017)`. */
  title?: string;
  /** An abbreviation the citation defines: `UNDP` in `(United Nations Development Programme [UNDP], 2019)`. */
  abbreviation?: string;
  locator?: string;
  narrative: boolean;
  /**
   * The name may not be an author: a narrative citation right after "the" ("the Arab Spring (2011)"),
   * or a country or conference name ("(Kosovo, 1999)", "CHI (2019)"). Kept only when a reference has that name.
   */
  doubtful: boolean;
  /**
   * A citation only when a reference matches it: after a scientific name, the authority that named the
   * taxon (`*Harmonia axyridis* (Pallas, 1773)`, `Fungiidae Dana, 1846`); a possessive before a bare year
   * (`Human Rights Watch's 2016 World Report`), which may name a work the text does not cite.
   */
  matchedOnly: boolean;
}

export interface AuthorDateCitation {
  /** `bare`: no parentheses of its own around the year (`Song et al., 2021`, `(see Smith 2010 for a review)`). */
  kind: 'parenthetical' | 'narrative' | 'bare';
  text: string;
  start: number;
  end: number;
  items: AuthorDateItem[];
}

/** A work not yet published: `in press`, `forthcoming`, `to appear` (all read as `in press`). */
export const UNPUBLISHED = 'in press|forthcoming|to appear';
/** No date: `n.d.`, German `o. J.`, French and Portuguese `s. d.`, Spanish `s. f.` (all read as `n.d.`). */
export const NO_DATE = String.raw`n\.\s?d\.|o\.\s?J\.|s\.\s?[df]\.`;
const NO_DATE_WORDS = new RegExp(`^(?:${NO_DATE})$`, 'u');
const UNPUBLISHED_WORDS = new RegExp(`^(?:${UNPUBLISHED})$`);
/** A year as citations and lists write it, read: `n.d.` for no date, `in press` for a work not yet published. */
export function readYear(year: string): string {
  return UNPUBLISHED_WORDS.test(year.toLowerCase()) ? 'in press' : NO_DATE_WORDS.test(year) ? 'n.d.' : year;
}

// `1934/1978`, `2011/1979`: a republished work, cited by both years (first published and the edition read, in
// either order), listed under the later (see laterYear). `1975/76`: one work over two years (listed under the first).
// `2012a, b` and `2001a–d`: more works of the same year.
// `2008 [1963]`: the edition cited, then the first edition's year in brackets (listed under the edition cited).
// `2002-`: a work still going on (a corpus, a series), listed under the year it began; `1912-1913`, `1923–25`: a work
// over several years, listed under the first; `2007?`: a year not sure.
const YEAR_SOURCE = String.raw`(?<![\p{L}\d])(?:(?:\d{4}\/)?\d{4}(?:\/\d{2}(?!\d))?(?:-?[a-z](?:\s?[,–-]\s?[a-z](?![\p{L}\d]))*(?![\p{L}\d])|[-–]{1,2}(?:\d{4}|\d{2})(?!\d)|[-–?](?=[);,]|$))?(?:\s?\[\d{4}(?:[-–]\d{4})?\])?|(?:${NO_DATE})(?:-[a-z](?![\p{L}\d]))?|(?:${UNPUBLISHED})(?:-[a-z](?![\p{L}\d]))?)(?!\d|[-–]{1,2}\d)`;
const YEAR = new RegExp(YEAR_SOURCE, 'gu');
const HAS_YEAR = new RegExp(`\\d{4}|${NO_DATE}|${UNPUBLISHED}`, 'u');
const YEAR_CANDIDATES = new RegExp(HAS_YEAR.source, 'gu');
/** One YEAR match's parts: the head (the years without letters), the first of two years, the year listed, the letters. */
const YEAR_PARTS = new RegExp(String.raw`^((?:(\d{4})\/)?(\d{4}|${NO_DATE}|${UNPUBLISHED})(?:\/\d{2}|[-–]{1,2}\d{2,4})?-?)(.*?)(?:[-–?]|\s?\[[\d–-]+\])?$`, 'su');
// (`2015 and 2017`: more years of the same names)
const YEARS = String.raw`${YEAR_SOURCE}(?:(?:\s*,\s*|\s+and\s+)${YEAR_SOURCE})*`;
const LOCATOR = String.raw`(?<locator>\s*[,:]\s*\S.*)?`;
// (`Culbertson et al.2015`: no space after "al.", as printed)
const PARENTHETICAL_PART = new RegExp(String.raw`^(?<names>.+?)(?:,\s*|\s+|(?<=\bal\.))(?<years>${YEARS})${LOCATOR}$`, 'sud');
const YEARS_ONLY_PART = new RegExp(String.raw`^(?<years>${YEARS})${LOCATOR}$`, 'sud');

/** Lower-case particles of European family names: `van der Berg`, `de la Cruz`, `de los Angeles`, `zu Guttenberg`. */
export const NAME_PARTICLES = ['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'dos', 'das', 'du', 'la', 'las', 'le', 'los', 'ten', 'ter', 'zu'];
/** Lower-case name particles that may start a family name cited in prose: those, and `bin`, `al`, `el`, `y`, `ul` (`ul Haq`). */
export const PARTICLES = new Set([...NAME_PARTICLES, 'bin', 'al', 'el', 'y', 'ul']);
/** Lower-case words allowed inside corporate names: `Department of Health`, `Agentschap voor Natuur en Bos`. */
const FUNCTION_WORDS = new Set(['of', 'for', 'the', 'on', 'in', 'and', 'to', 'at', 'des', 'et', 'für', 'und', 'e', 'y', 'voor', 'en', 'het']);
/** "and" between the last two names: English, `&`, German, Portuguese and Italian (`Araújo e Posenatto`), Spanish, French. */
export const AND = String.raw`(?:and|&|und|e|y|et)`;
const AND_WORD = new RegExp(`^${AND}$`, 'u');
/** Capitalised words that open a parenthesis or sentence but never name an author. */
const NOT_NAMES = new Set([
  'january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november',
  'december', 'spring', 'summer', 'autumn', 'fall', 'winter', 'table', 'figure', 'fig', 'appendix', 'chapter',
  'section', 'since', 'until', 'from', 'before', 'after', 'in', 'as', 'by', 'the', 'this', 'these', 'that', 'those',
  'recently', 'however', 'similarly', 'thus', 'also', 'for', 'both', 'following', 'while', 'although', 'according',
  'like', 'unlike', 'indeed', 'moreover', 'furthermore', 'notably', 'here', 'later', 'earlier', 'finally', 'first',
  'second', 'third', 'then', 'when', 'because', 'but', 'and', 'yet', 'so', 'our', 'we', 'it', 'its', 'their', 'his',
  'her', 'building', 'drawing', 'see', 'cf', 'eg', 'ie', 'where', 'whereas', 'with', 'only', 'even', 'on', 'at',
  'to', 'of', 'an', 'a', 'if', 'what', 'how', 'why', 'who', 'which', 'all', 'some', 'most', 'many', 'each', 'other',
  'others', 'siehe', 'vgl', 'laut', 'ferner', 'außerdem', 'zudem', 'jedoch', 'daher', 'dagegen', 'bereits', 'dazu', 'etwa',
  'beispielsweise', 'insbesondere', 'voir', 'selon', 'ainsi', 'aussi', 'cependant', 'segun', 'vease', 'segundo', 'conforme',
  'ademas', 'tambien', 'respondent', 'interviewee', 'participant', 'informant', 'focus', 'group', 'work', 'works', 'study', 'studies', 'research', 'data', 'census', 'wave', 'round', 'phase', 'survey',
]);
/** Countries, regions, conferences and surveys that appear as `(Kosovo, 1999)`, `CHI (2019)`, `(PISA 2018)` but are seldom authors. */
const PLACES_AND_VENUES = new Set([
  'afghanistan', 'albania', 'algeria', 'angola', 'argentina', 'armenia', 'azerbaijan', 'bahrain', 'bangladesh', 'belarus',
  'bosnia', 'bosnia and herzegovina', 'brazil', 'burundi', 'cambodia', 'cameroon', 'chad', 'chechnya', 'chile', 'china',
  'colombia', 'congo', 'croatia', 'cuba', 'cyprus', 'darfur', 'east timor', 'timor-leste', 'egypt', 'el salvador', 'eritrea',
  'ethiopia', 'gaza', 'georgia', 'guatemala', 'haiti', 'honduras', 'india', 'indonesia', 'iran', 'iraq', 'israel', 'kashmir',
  'kenya', 'korea', 'kosovo', 'kuwait', 'kyrgyzstan', 'lebanon', 'liberia', 'libya', 'mali', 'mexico', 'mozambique',
  'myanmar', 'namibia', 'nepal', 'nicaragua', 'niger', 'nigeria', 'northern ireland', 'pakistan', 'palestine', 'panama',
  'peru', 'philippines', 'rwanda', 'russia', 'serbia', 'sierra leone', 'somalia', 'south africa', 'south sudan', 'sri lanka',
  'srebrenica', 'sudan', 'syria', 'tajikistan', 'tunisia', 'turkey', 'uganda', 'ukraine', 'venezuela', 'vietnam', 'yemen',
  'yugoslavia', 'zimbabwe', 'africa', 'asia', 'europe', 'latin america', 'middle east', 'balkans', 'sahel',
  'chi', 'cscw', 'uist', 'neurips', 'nips', 'icml', 'iclr', 'acl', 'emnlp', 'naacl', 'cvpr', 'iccv', 'eccv', 'kdd', 'www',
  'sigir', 'sigmod', 'vldb', 'icse', 'fse', 'osdi', 'sosp', 'nsdi', 'usenix', 'aaai', 'ijcai', 'facct', 'fat*',
  'pisa', 'timss', 'pirls', 'talis', 'piaac',
]);

/** Articles and determiners before a noun, in English and German: a capitalised word after one is seldom a name. */
const ARTICLES = /^(?:the|a|an|this|that|der|die|das|den|dem|des|ein|eine[mnrs]?|diese[mnrs]?|jene[mnrs]?|seine[mnrs]?|ihre[mnrs]?|unsere[mnrs]?)$/iu;

/** Words that open a parenthetical part before the names: `(see also Smith, 2010)`. */
const PREFIX = /^(?:(?:see|also|e\.\s?g\.|i\.\s?e\.|cf\.|for|example|instance|a|review|reviews|as|cited|quoted|reviewed|in|compare|but|contra|following|after|and|especially|notably|by)(?:[,:]\s*|\s+))+/iu;
/** A locator that holds another name and year: `(Pyle and Michel 2008, Jong de et al. 2015)` parted by a comma. */
const CITATION_IN_LOCATOR = /\p{Lu}[\p{L}'’‐‑-]+[^\d;]{0,80}?(?<![\d:–-])\b(?:1[5-9]|20)\d\d(?!\d)/u;
/** Last words of a group author, named with "the": `the Honeybee Genome Sequencing Consortium (2006)`. */
export const ORGANISATION = /\b(?:Consortium|Group|Committee|Organi[sz]ation|Association|Society|Institute|Council|Agency|Foundation|Network|Project|Team|Initiative|Collaboration|Office|Department|Ministry|Commission|Bureau|Survey|Board|Programme|Program|Centre|Center)$/u;
/** `(LMNN, Weinberger and Saul, 2009)`: a method's acronym, then the work that gave it. */
const ORGANISATION_INSIDE = new RegExp(ORGANISATION.source.replace(/\$$/, String.raw`\b`), 'u');
const ACRONYM_FIRST = /^\p{Lu}[\p{Lu}\d-]+,\s+(?=\p{Lu}\p{Ll})/u;
// (German `u. a.`, "und andere", is "et al." too)
const ET_AL = /(?:,?\s*|\b)(et\s*\.?\s*al\b\.?,?|and (?:colleagues|co-?workers)|u\.\s?a\.,?)$/u;
// (`*et al.*`, `*et al*.`: the point of "al." inside or after the emphasis)
const EMPHASISED_ET_AL = /[*_]{1,2}(et\s*\.?\s*al(?!\p{L})\.?,?)(?:[*_]{1,2}(\.?,?))?$/u;
// (German quotes open low: `„A World Bibliography of Bibliographies“`)
const TITLE = /^(?:["“”„](.+?),?["“”]|[*_]{1,2}(.+?)[*_]{1,2}),?$/su;
const ABBREVIATION = /\s*\[(\p{Lu}[\p{L}&]*\p{Lu})\]$/u;
const INITIALS = /^\p{Lu}\.(?:-?\p{Lu}\.)*$/u;
// `al-Rasheed`, `el-Sayed`, `ibn-Khaldun`: Arabic articles stay lower case before a capitalised name.
// `deWaard`, `vanDijk`: a particle written onto the name.
// (`UCDP/PRIO`, `FAO/WHO`: organisations joined by a slash)
// (hyphens: `-`, and Unicode's `‐` and `‑`, which publishers' XML keeps: `Pérez‐Escamilla`)
/** An acronym holding digits, an organisation's whole name: `W3C`, `G20`. */
const DIGIT_ACRONYM_SOURCE = String.raw`\p{Lu}+\d+\p{Lu}*`;
const DIGIT_ACRONYM = new RegExp(`^${DIGIT_ACRONYM_SOURCE}$`, 'u');
const CAPITALISED = new RegExp(String.raw`^(?:(?:al|el|ad|ar|as|ash|at|an|ibn|bin|abu)[-‐‑]|\p{Ll}{1,3}(?=\p{Lu}))?(?:${DIGIT_ACRONYM_SOURCE}|\p{Lu}[\p{L}\p{M}'’‐‑-]*)(?:\/\p{Lu}[\p{L}\p{M}'’‐‑-]*)*$`, 'u');
/** French's elided article or preposition before a name: `d'`, `l'`. */
const ELIDED = /^[dl]['’](?=\p{Lu})/iu;
/** The words of an author phrase (an acronym with digits whole), `&` and `,`. */
const AUTHOR_TOKEN = new RegExp(String.raw`${DIGIT_ACRONYM_SOURCE}(?![\p{L}\d])|[\p{L}\p{M}'’.‐‑-]+(?:\/[\p{L}\p{M}'’.‐‑-]+)*|[&,]`, 'gu');
/** A capitalised name with a possessive: `Hardy's`, `Nelson’s`, `Jones'`. */
const POSSESSIVE_NAME = /^\p{Lu}[\p{L}\p{M}‐‑-]*(?:['’]s|s['’])$/u;
/** `As Galtung notes (1969)`: a reporting verb may stand between the author and the year. */
const REPORTING_VERBS = new Set([
  'notes', 'argues', 'argued', 'writes', 'wrote', 'observes', 'observed', 'claims', 'claimed', 'suggests', 'suggested',
  'shows', 'showed', 'states', 'stated', 'contends', 'contended', 'explains', 'explained', 'remarks', 'remarked',
]);
/** `(Stritzel 2007 cited in Balzacq 2011)`: only the secondary source is in the reference list. */
const SECONDARY = /^[\s\S]*?\b(?:as\s+)?(?:cited|quoted)\s+in\s+/u;

interface ParsedNames {
  names: string[];
  namePhrase: string;
  etAl: boolean;
  etAlVariant?: string;
  title?: string;
  abbreviation?: string;
}

/** Splits and checks an author phrase; undefined when it does not read as names or a title. */
export function parseNames(phrase: string, lenient = false): ParsedNames | undefined {
  let rest = phrase.trim().replace(/,$/, '').trim();
  const title = TITLE.exec(rest);
  if (title) return { names: [], namePhrase: '', etAl: false, title: (title[1] ?? title[2]).trim() };
  rest = rest.replace(/(?:['’]s|s['’])$/u, (m) => (m.startsWith('s') ? 's' : ''));
  // `Clark *et al.,* 2015`, `Gentleman _et al._`: publishers set "et al." in italics.
  rest = rest.replace(EMPHASISED_ET_AL, '$1$2');
  let etAl = false;
  let etAlVariant: string | undefined;
  const etAlMatch = ET_AL.exec(rest);
  if (etAlMatch) {
    etAl = true;
    if (etAlMatch[1].startsWith('et') && etAlMatch[1].replace(/\s+/g, ' ').replace(/,$/, '') !== 'et al.') etAlVariant = etAlMatch[1];
    rest = rest.slice(0, etAlMatch.index).trim();
  }
  // `El-Naga and Barghash., 2016`: a stray point after a name (not an initial's)
  rest = rest.replace(/(?<=\p{Ll}{2})\.$/u, '');
  const abbreviation = ABBREVIATION.exec(rest)?.[1];
  rest = rest.replace(ABBREVIATION, '').trim();
  if (!rest) return undefined;
  const names = rest.split(new RegExp(String.raw`\s*,\s*${AND}\s+|\s+${AND}\s+|\s*,\s*`, 'u')).filter((name) => name);
  // `Anderson and May`, `Winter et al.`, `An et al.`: beside another name, such a word is a surname.
  const surnameWords = lenient || etAl || names.length > 1;
  if (names.length === 0 || names.length > 8 || !names.every((name) => isName(name, surnameWords))) {
    // A corporate name may contain "and": `Department of Health and Social Care`.
    if (!isName(rest)) return undefined;
    return { names: [rest], namePhrase: rest, etAl, etAlVariant, abbreviation };
  }
  return { names, namePhrase: rest, etAl, etAlVariant, abbreviation };
}

/** The lower-case last word of a group of authors named by its project or firm: `OpenStreetMap contributors`, `Posit team`. */
export const GROUP_WORDS = 'contributors|team';
const GROUP_WORD = new RegExp(`^(?:${GROUP_WORDS})$`, 'u');
const AFTER_GROUP_NAME = new RegExp(String.raw`(?<=\S)\s+(?:${GROUP_WORDS})$`, 'u');

function isName(name: string, surnameWords = false): boolean {
  const words = name.replace(AFTER_GROUP_NAME, '').split(/\s+/u);
  const organisationWord = ORGANISATION_INSIDE.test(name);
  // (an organisation's name may be long: `International Council for Harmonisation of Technical Requirements …`)
  // (an acronym with digits only alone: `Cyanophage CPS4GC` names a virus)
  if (words.length > (organisationWord ? 16 : 8) || (/\d/.test(name) && !(words.length === 1 && DIGIT_ACRONYM.test(name)))) return false;
  // `Jong de`: a Dutch name written family name first keeps its particle last.
  const lastIndex = words.length > 1 && PARTICLES.has(words[words.length - 1]) ? words.length - 2 : words.length - 1;
  const last = words[lastIndex];
  // (`K. C. and Lutz`: beside another name, a family name written as initials, KC)
  const initialsName = surnameWords && words.every((word) => INITIALS.test(word));
  if ((!CAPITALISED.test(last) || INITIALS.test(last)) && !initialsName) return false;
  if (!CAPITALISED.test(words[0]) && !PARTICLES.has(words[0]) && !INITIALS.test(words[0])) return false;
  if (words.length === 1 && notName(words[0], surnameWords)) return false;
  // `Census and Statistics Department of Hong Kong`: an organisation's name may open with any word
  const organisation = words.length > 2 && organisationWord;
  return words.every((word, i) => {
    if (INITIALS.test(word) || PARTICLES.has(word)) return true;
    if (FUNCTION_WORDS.has(word)) return i > 0 && i < words.length - 1;
    return CAPITALISED.test(word) && (i > 0 || organisation || !notName(word, surnameWords));
  });
}

/** Words of NOT_NAMES that are also surnames (`May`, `Winter`, `An`): names beside other names or "et al.". */
const SURNAME_WORDS = new Set(['may', 'march', 'june', 'august', 'spring', 'summer', 'winter', 'fall', 'an', 'so', 'then', 'focus', 'round']);

/** A word of the NOT_NAMES list, in any case; an acronym (`WHO`) may be an organisation. */
function notName(word: string, surnameWords = false): boolean {
  if (/^\p{Lu}{2,}$/u.test(word)) return false;
  const folded = fold(word);
  return NOT_NAMES.has(folded) && !(surnameWords && SURNAME_WORDS.has(folded));
}

function fold(word: string): string {
  if (/^[\x20-\x7e]*$/.test(word)) return word.toLowerCase().replace(/[^a-z]/g, '');
  return word.normalize('NFD').replace(/[^\p{L}]/gu, '').toLowerCase();
}

/** A key in a Pandoc citation (`@smith2010`, `-@{a key}`). */
const CITED_KEY = /-?@(?:\{[^}]*\}|[^\s;,\]]*)/g;

/**
 * The keys of Pandoc citations `[@key]` with what follows each, Markdown link targets and URLs: parentheses
 * there are not prose citations. What the regex `\[[^[\]\n]*@[^[\]]*\]|\]\([^)\s]*\)|<https?:[^>\s]*>|https?:\/\/\S+`
 * would match, found without its backtracking (quadratic on `[` + many `@`, or many `](`): each kind's
 * candidates come from a forward scan, then the leftmost ones win as in the regex. Of a Pandoc
 * citation only the keys are taken: the text around them is prose, and may cite works by name (the
 * works Convert All leaves as text beside linked ones: `[Stamatakis 2006\; @miller2010]`).
 */
function markupSpans(text: string): { markup: Span[]; brackets: Span[] } {
  const candidates: Span[] = [];
  const brackets: Span[] = [];
  // `[... @ ...]`: an `@` before the first line break, no bracket inside
  let open = -1;
  for (const m of text.matchAll(/[[\]]/g)) {
    if (m[0] === '[') open = m.index;
    else if (open >= 0) {
      const inside = text.slice(open + 1, m.index);
      const at = inside.indexOf('@');
      const newline = inside.indexOf('\n');
      if (at >= 0 && (newline === -1 || at < newline)) {
        brackets.push({ start: open, end: m.index + 1 });
        for (const key of inside.matchAll(CITED_KEY)) candidates.push({ start: open + 1 + key.index, end: open + 1 + key.index + key[0].length });
      }
      open = -1;
    }
  }
  // `](target)` and `<https://...>`: the target ends at the first `)` (`>`) or blank; a failed one
  // ends where any later start inside it would fail too.
  for (const [start, close] of [['](', ')'], ['<http', '>']] as const) {
    let failedUpTo = -1;
    for (let at = text.indexOf(start); at !== -1; at = text.indexOf(start, at + 1)) {
      if (at < failedUpTo || (start === '<http' && !/^<https?:/.test(text.slice(at, at + 7)))) continue;
      let i = at + start.length;
      while (i < text.length && text[i] !== close && !/\s/.test(text[i])) i++;
      if (text[i] === close) candidates.push({ start: at, end: i + 1 });
      else failedUpTo = i;
    }
  }
  // a bare URL runs to the next blank (every `http` in a run ends there)
  const run = /\S*/y;
  for (const m of text.matchAll(/https?:\/\/\S/g)) {
    if (m.index >= run.lastIndex) {
      run.lastIndex = m.index;
      run.exec(text);
    }
    candidates.push({ start: m.index, end: run.lastIndex });
  }
  candidates.sort((a, b) => a.start - b.start);
  const markup: Span[] = [];
  for (const candidate of candidates) {
    if (candidate.start >= (markup[markup.length - 1]?.end ?? 0)) markup.push(candidate);
  }
  return { markup, brackets };
}

/**
 * Finds the author-date citations of a Markdown text, skipping code, math, comments and `skip` spans
 * (and Pandoc citations' keys, not the text before them).
 * `regions` are the text's ignoredSpans, when the caller has them already.
 */
export function findAuthorDateCitations(text: string, skip: Span[] = [], regions: Span[] = ignoredSpans(text)): AuthorDateCitation[] {
  const { markup, brackets } = markupSpans(text);
  const ignored = mergeSpans([...regions, ...markup, ...skip].sort((a, b) => a.start - b.start));
  const citations: AuthorDateCitation[] = [];
  for (const paren of text.matchAll(/\(([^()\n]*(?:\n(?![ \t]*\n)[^()\n]*)*)\)/g)) {
    const open = paren.index;
    if (!HAS_YEAR.test(paren[1]) || inSpans(ignored, open)) continue;
    const citation = readParenthesis(text, open, open + paren[0].length);
    if (citation) citations.push(citation);
  }
  const taken = mergeSpans([...ignored, ...citations.flatMap((citation) => citation.items)].sort((a, b) => a.start - b.start));
  citations.push(...bareCitations(text, taken, brackets));
  return citations.sort((a, b) => a.start - b.start);
}

/** A year after which no work is cited: `CMN 8676` and `(CST 5174, 1:50)` are catalogue numbers. */
function plausibleYear(year: string): boolean {
  const digits = /\d{4}$/.exec(year.replace(/-?[a-z]$/, ''))?.[0];
  return digits === undefined || (Number(digits) >= 1500 && Number(digits) <= new Date().getFullYear() + 2);
}

/** `Fungiidae Dana`, `Suborder Fungiina Verrill`: a taxon's name, then its authority. */
const TAXON = /^(?:(?:Sub|Super|Infra)?(?:[Oo]rder|[Ff]amily|[Tt]ribe|[Gg]enus|[Cc]lass|[Pp]hylum)\s+\p{Lu}\p{Ll}+|\p{Lu}\p{Ll}+(?:idae|inae|ini|oidea|aceae|ales|oideae|iformes|phyta|mycetes))\s+\p{Lu}/u;
/**
 * An authority is written `Name, 1773` or `Name & Name, 1849` (ICZN): with a comma before the year and
 * without "et al.". `(Witt and Ronkay 2011)` or `(Horner et al., 2012)` after a species name are citations.
 */
function isAuthority(item: AuthorDateItem, text: string): boolean {
  return !item.etAl && /,\s*(?:\d{4})/.test(text.slice(item.start, item.end));
}
/**
 * `(“Tessenei” 1940: 129)`: words in double quotes right before a year may be a place or a name as written,
 * or (Harvard) the title of a work without author: doubtful, a citation only when a reference has them.
 * APA's quoted title is followed by a comma (`(“Study finds,” 2020)`).
 */
const QUOTED_NAME = /^["“„][^"”“]*[^,"”“]["”“]\s+\d{4}/u;
const PERSONAL = /(?:personal communication|pers\.\s?comm\.?|in litt\.)[^()]*$/iu;
const BARE_YEARS = new RegExp(String.raw`${YEAR_SOURCE}(?:\s*[,;]\s*(?:and\s+)?${YEAR_SOURCE})*`, 'yu');

/**
 * Citations written without parentheses, or inside a parenthesis with other words: `as described in
 * Song et al., 2021.`, `Benediktov 1999, Brock 1991`, `(see Hone, Naish & Cuthill, 2012 for a review)`,
 * a heading `### Clarke et al., 2017`. The names right before a year; one name alone is doubtful
 * (`Windows 2000`): it is kept only when a reference has that name.
 */
function bareCitations(text: string, taken: Span[], brackets: Span[]): AuthorDateCitation[] {
  const citations: AuthorDateCitation[] = [];
  // Most years sit in citations already read: find the rare candidates with a plain search first.
  let runEnd = 0;
  for (const candidate of text.matchAll(YEAR_CANDIDATES)) {
    if (candidate.index < runEnd || inSpans(taken, candidate.index)) continue;
    BARE_YEARS.lastIndex = candidate.index;
    const m = BARE_YEARS.exec(text);
    if (!m) continue;
    runEnd = m.index + m[0].length; // the later years of `2010, 2012` belong to this match
    if (inSpans(taken, runEnd - 1)) continue;
    // `Güell *et al.,* 2015`: the emphasis may close after the comma
    const separator = /(?:(?<=\bal\.?,?)[*_]{1,2}[ \t]*|,\s*|[ \t]+)$/.exec(text.slice(Math.max(0, m.index - 8), m.index));
    if (!separator || separator[0].includes('\n')) continue;
    // (in a Pandoc citation's brackets a name is a work's: `[@lekander1968\; May 1993]`, one name alone, a month's too)
    const inBrackets = inSpans(brackets, m.index);
    const author = authorBefore(text, m.index - separator[0].length, inBrackets);
    if (!author || inSpans(taken, author.start)) continue;
    // `(Stritzel 2007 cited in Balzacq 2011)`, `(Middleton 1990, in Middleton & Rovner, 1994)`: only the secondary
    // source is listed; no personal communication is.
    const after = text.slice(m.index + m[0].length, m.index + m[0].length + 100);
    if (/^\s*,?\s*(?:as\s+)?(?:cited|quoted)\s+in\b|^\s*,\s*in\s+\p{Lu}[^;()]{0,80}?\b\d{4}\b/u.test(after)) continue;
    // `Department of Microbiology and Immunology, 1500 W. Medical Center`: a street number, no year; an initial never follows a cited year.
    if (/^[ \t]+\p{Lu}\.\s/u.test(after)) continue;
    if (PERSONAL.test(text.slice(Math.max(0, m.index - 80), m.index))) continue;
    const match = /^(?<years>[\s\S]*)$/dsu.exec(m[0])!;
    const strong = author.parsed.etAl || author.parsed.names.length > 1 || author.organisation || inBrackets;
    const quoted = QUOTED_NAME.test(text.slice(author.start, m.index + m[0].length));
    const items = yearItems(text, author.parsed, author.start, m.index, match, false, author.afterArticle || !strong || quoted);
    if (items.length === 0) continue;
    // (`*Calosoma imbricatum* s. str. Klug, 1832`: "in the strict sense" may come between the name and its authority)
    const afterTaxon = /[*_]\s*(?:s\.\s?(?:str|l|lat)\.\s*)?$/.test(text.slice(Math.max(0, author.start - 12), author.start)) || TAXON.test(author.parsed.namePhrase);
    const possessive = /(?:['’]s|s['’])$/u.test(text.slice(author.start, m.index - separator[0].length));
    for (const item of items) item.matchedOnly ||= (afterTaxon && isAuthority(item, text)) || possessive;
    const end = items[items.length - 1].end;
    citations.push({ kind: 'bare', text: text.slice(author.start, end), start: author.start, end, items });
  }
  // `Haes 2003, Hathway et al. 2003, Hawkins 2001`: one name in a run of citations is no longer doubtful.
  citations.forEach((citation, i) => {
    const joined = (a?: AuthorDateCitation, b?: AuthorDateCitation) =>
      a !== undefined && b !== undefined && /^(?::\s*[^\s,;]+)?\s*[,;]\s*(?:and\s+)?$/u.test(text.slice(a.end, b.start));
    if (joined(citations[i - 1], citation) || joined(citation, citations[i + 1])) {
      for (const item of citation.items) item.doubtful = item.doubtful && PLACES_AND_VENUES.has(item.names[0]?.toLowerCase() ?? '');
    }
  });
  return citations;
}

/** Reads `( ... )` spanning [open, close): a parenthetical citation, a narrative one, or nothing. */
function readParenthesis(text: string, open: number, close: number): AuthorDateCitation | undefined {
  const items: AuthorDateItem[] = [];
  let narrative = false;
  let citationStart = open;
  let rawStart = open + 1;
  // `*Harmonia axyridis* (Pallas, 1773)`: after a scientific name, the authority that named it, seldom a cited work.
  // (a genus, or a genus and species: not a program's name, `*R* (R Core Team, 2023)`, `*dplyr* (Wickham, 2023)`)
  const afterScientificName = SCIENTIFIC_NAME_BEFORE.test(text.slice(Math.max(0, open - 80), open));
  const parts = abntCoAuthors(text.slice(open + 1, close - 1)).split(';');
  parts.forEach((rawPart, index) => {
    const rawPartStart = rawStart;
    rawStart += rawPart.length + 1;
    if (/personal communication|pers\.\s?comm/i.test(rawPart)) return;
    const secondary = SECONDARY.exec(rawPart)?.[0] ?? '';
    const untrimmed = rawPart.slice(secondary.length);
    const part = untrimmed.trim();
    const partStart = rawPartStart + secondary.length + untrimmed.length - untrimmed.trimStart().length;
    // `(in press)` has no prefix; `(e.g. 1944)` has.
    const yearsPrefix = YEARS_ONLY_PART.test(part) ? '' : PREFIX.exec(part)?.[0] ?? '';
    const yearsOnly = !secondary ? YEARS_ONLY_PART.exec(part.slice(yearsPrefix.length)) : null;
    // `(Cragg 1979; 1980)`, `(Douady and Couder, 1996a; 1996b)`: more years of the names before.
    const previous = items[items.length - 1];
    // `(Sheehan 2013a; b; 2017)`: a letter alone, another work of the names and year before.
    if (index > 0 && previous?.suffix && /^[a-z]$/.test(part)) {
      items.push({ ...previous, text: part, start: partStart, end: partStart + 1, suffix: part, locator: undefined });
      return;
    }
    if (index > 0 && yearsOnly && previous) {
      items.push(...yearItems(text, previous, partStart + yearsPrefix.length, partStart + yearsPrefix.length, yearsOnly, previous.narrative, previous.doubtful));
      return;
    }
    if (index === 0 && yearsOnly) {
      const author = authorBefore(text, open) ?? surnameWordBefore(text, open) ?? italicTitleBefore(text, open);
      if (!author) {
        // (its names are the sentence's, before the quotation: the item is the year alone, as a second year's)
        const quoted = quotedAuthorBefore(text, open);
        if (quoted) items.push(...yearItems(text, quoted.parsed, partStart + yearsPrefix.length, partStart + yearsPrefix.length, yearsOnly, true, true));
        return;
      }
      narrative = true;
      citationStart = author.start;
      items.push(...yearItems(text, author.parsed, author.start, partStart + yearsPrefix.length, yearsOnly, true, author.afterArticle));
      // `Smith (2010)`: the one cited work takes the closing parenthesis too.
      if (parts.length === 1 && items.length === 1) {
        items[0].end = close;
        items[0].text = text.slice(items[0].start, close);
      }
      return;
    }
    const words = PREFIX.exec(part)?.[0] ?? '';
    const prefix = words + (ACRONYM_FIRST.exec(part.slice(words.length))?.[0] ?? '');
    const match = PARENTHETICAL_PART.exec(part.slice(prefix.length));
    // `(Eberhard 1985, Shapiro and Porter 1989)`: citations parted by commas are read one by one (bareCitations).
    if (match?.groups!.locator && CITATION_IN_LOCATOR.test(match.groups.locator)) return;
    let parsed = match && parseNames(match.groups!.names, parts.length > 1);
    let lead = prefix;
    // `(compare to MacArthur, 1968)`, `(modified from Dodson, 1975)`: other words before the names.
    if (!parsed && match) {
      const other = /^(?:(?:\p{Ll}[\p{L}'’.-]*|e\.\s?g\.|i\.\s?e\.)[,:]?\s+)+/u.exec(match.groups!.names)?.[0];
      parsed = other ? parseNames(match.groups!.names.slice(other.length), parts.length > 1) : undefined;
      if (parsed) lead += other;
    }
    // `(May, 2004)`: a name that is also a month or a season (SURNAME_WORDS), alone and with a comma (a date has none):
    // a citation only when a reference has the name
    const surnameWord = !parsed && match !== null && parts.length === 1 && part.charAt(prefix.length + match.groups!.names.length) === ',' &&
      (parsed = parseNames(match.groups!.names, true)) !== undefined;
    if (!parsed || !match) return;
    const bodyStart = partStart + lead.length;
    items.push(...yearItems(text, parsed, bodyStart, partStart + prefix.length, match, false, surnameWord || QUOTED_NAME.test(part.slice(lead.length))));
    if (afterScientificName && parts.length === 1) for (const item of items) item.matchedOnly ||= isAuthority(item, text);
  });
  if (items.length === 0) return undefined;
  return { kind: narrative ? 'narrative' : 'parenthetical', text: text.slice(citationStart, close), start: citationStart, end: close, items };
}

/** An italic scientific name right before a parenthesis: `*Harmonia axyridis* `, `_Fungia_`, `*A. v. angelica*`. */
const SCIENTIFIC_NAME_BEFORE = /([*_])(?:\p{Lu}\p{Ll}{2,}|\p{Lu}\.)(?:\s\p{Ll}+\.?){0,3}\1\s*$/u;

const ABNT_LAST_AUTHOR = /^\s*[^,;&\d]+,\s*\d{4}(?![\d])/u;

/**
 * `(Russell; Sugimoto, 2009)`, `(SILVA; SOUZA; LIMA, 2010)`: ABNT parts co-authors with semicolons too. A
 * semicolon after a part that is one name without a year, before a part with a year, becomes a comma (the
 * length kept: offsets stay those of the text).
 */
function abntCoAuthors(inner: string): string {
  // (the part with the year is one name, a comma, the year: `(FQQ‐R; Parker and Asher 1989)` names a test, then a work)
  const parts = inner.split(';');
  if (parts.length < 2) return inner;
  const bareNames = parts.map((part) => !HAS_YEAR.test(part) && isName(part.trim()));
  let out = parts[parts.length - 1];
  // from the end, so that each part knows the first later part that is no bare name (linear in the parts)
  let yearPartFollows = !bareNames[parts.length - 1] && ABNT_LAST_AUTHOR.test(parts[parts.length - 1]);
  for (let i = parts.length - 2; i >= 0; i--) {
    out = parts[i] + (bareNames[i] && yearPartFollows ? ',' : ';') + out;
    if (!bareNames[i]) yearPartFollows = ABNT_LAST_AUTHOR.test(parts[i]);
  }
  return out;
}

/**
 * The year of `first/second` a work is listed under: the later, whichever comes first (APA `1900/1953`: first
 * published, the edition read; ABNT `2011/1979`: the edition, first published). `first` absent: `second`.
 */
export function laterYear(first: string | undefined, second: string): string {
  return first !== undefined && first > second ? first : second;
}

/** One item per year of `2010, 2012, p. 4` (`match` read from `matchStart`), the first one starting at the names. */
function yearItems(
  text: string, parsed: ParsedNames, namesStart: number, matchStart: number, match: RegExpExecArray,
  narrative: boolean, doubtful: boolean,
): AuthorDateItem[] {
  const yearsStart = matchStart + match.indices!.groups!.years[0];
  const years = [...match.groups!.years.matchAll(YEAR)].filter((year) => plausibleYear(year[0]));
  const locator = match.groups!.locator?.replace(/^\s*[,:]\s*/, '').trim();
  // One work per year, and per letter of `2012a, b` or `2001a–d`.
  const works = years.flatMap((year) => {
    const [, head, other, last, letters] = YEAR_PARTS.exec(year[0])!;
    const digits = laterYear(other, last);
    const at = yearsStart + year.index;
    // `Davies (2002-)`: a work still going on, or a person's dates (`Hermann Rösch (1954-)`); `Josephson (1912-1913)`,
    // a work over years, or a term (`Obama 2009–2017`); `Gorraiz (2007?)`: a citation only when it matches
    const openEnded = /[-–?]$|\d[-–]{1,2}\d{2,4}$/.test(year[0]);
    if (!/[,–-]/.test(letters)) return [{ start: at, end: at + year[0].length, digits, suffix: letters, openEnded }];
    const marks = [...letters.matchAll(/[a-z]/g)];
    const range = /[–-]/.test(letters) ? letterRange(marks[0][0], marks[marks.length - 1][0]) : marks.map((mark) => mark[0]);
    return range.map((suffix, i) => {
      const mark = marks.find((m) => m[0] === suffix);
      const start = i === 0 ? at : at + head.length + (mark?.index ?? letters.length - 1);
      const end = i === 0 ? at + head.length + 1 : mark ? start + 1 : at + year[0].length;
      return { start, end, digits, suffix, openEnded: false };
    });
  });
  return works.map(({ start: workStart, end: workEnd, digits, suffix, openEnded }, i) => {
    const last = i === works.length - 1;
    const start = i === 0 ? namesStart : workStart;
    const end = last && locator ? matchStart + match[0].trimEnd().length : workEnd;
    return {
      text: text.slice(start, end), start, end,
      names: parsed.names, namePhrase: parsed.namePhrase, etAl: parsed.etAl, etAlVariant: parsed.etAlVariant,
      year: readYear(digits), suffix,
      title: parsed.title, abbreviation: parsed.abbreviation, locator: last ? locator || undefined : undefined,
      narrative, doubtful: doubtful || (parsed.names.length === 1 && PLACES_AND_VENUES.has(parsed.names[0].toLowerCase())), matchedOnly: openEnded,
    };
  });
}

/** `Winter et al.`, `Anderson and May`: a token beside "et al." or another name. */
function beside(tokens: RegExpMatchArray[], i: number): boolean {
  const next = tokens[i + 1]?.[0] ?? '';
  return next === 'et' || AND_WORD.test(next) || AND_WORD.test(tokens[i - 1]?.[0] ?? '');
}

function letterRange(first: string, last: string): string[] {
  const letters: string[] = [];
  for (let code = first.charCodeAt(0); code <= last.charCodeAt(0) && letters.length < 26; code++) letters.push(String.fromCharCode(code));
  return letters;
}

/**
 * The author phrase right before a `(2010)`: `Smith`, `Smith and Jones`, `Smith et al.'s`, `World Bank`.
 * `surnames`: words that are also something else (`May`, `Winter`) are read as names (see SURNAME_WORDS).
 */
function authorBefore(text: string, open: number, surnames = false): { start: number; parsed: ParsedNames; afterArticle: boolean; organisation: boolean } | undefined {
  const windowStart = Math.max(0, open - 120); // author phrases before a year are short
  // Only the current paragraph: blank out everything up to the last blank line.
  const before = text.slice(windowStart, open).replace(/^[\s\S]*\n[ \t]*\n/, (m) => ' '.repeat(m.length));
  const tokens = [...before.matchAll(AUTHOR_TOKEN)];
  let last = tokens.length - 1;
  // `Graham *et al*. (1996)`: the point of "al." after the emphasis closes; the phrase keeps it
  const pointAfterEmphasis = last > 0 && tokens[last][0] === '.' && tokens[last - 1][0] === 'al' &&
    /^[*_]{1,2}$/.test(before.slice(tokens[last - 1].index + 2, tokens[last].index));
  const phraseEnd = (token: RegExpMatchArray) => windowStart + token.index! + token[0].length;
  const point = pointAfterEmphasis ? tokens[last--] : undefined;
  if (last > 0 && REPORTING_VERBS.has(tokens[last][0]) && CAPITALISED.test(tokens[last - 1][0])) last--;
  // `Hardy's method (2019)`, `Anderson and Nelson's methods (2004)`: a noun after the names' possessive (doubtful)
  const nounAfterPossessive = last > 0 && /^\p{Ll}+$/u.test(tokens[last][0]) && POSSESSIVE_NAME.test(tokens[last - 1][0]) &&
    /^\s+$/u.test(before.slice(tokens[last - 1].index! + tokens[last - 1][0].length, tokens[last].index));
  if (nounAfterPossessive) last--;
  let first = tokens.length;
  for (let i = last; i >= 0; i--) {
    const token = tokens[i][0];
    const gap = before.slice(tokens[i].index + token.length, i + 1 < tokens.length ? tokens[i + 1].index : before.length);
    // other punctuation between words ends the phrase; `Clark *et al.* (2015)` keeps its emphasis
    const emphasis = /^[\s*_]*$/.test(gap) && /^(?:et|al\.?,?)$/u.test(i + 1 < tokens.length && /^(?:et|al)/u.test(tokens[i + 1][0]) ? tokens[i + 1][0] : token);
    if (!/^\s*$/.test(gap) && !emphasis) break;
    const isLast = i === last;
    // `Alternatively, Asakawa et al. (1979)`: a sentence adverb before the names.
    if (/^\p{Lu}\p{Ll}{5,}ly$/u.test(token) && tokens[i + 1]?.[0] === ',') break;
    // (`d'Arrhenius`, `l'OCDE`: French elides the article before a name)
    const word = token.replace(/(?:['’]s|s['’])$/u, (m) => (m.startsWith('s') ? 's' : '')).replace(ELIDED, '');
    const accepted =
      token === ',' || AND_WORD.test(token) || /^et\.?(?:al\.?)?$|^al\.?,?$/u.test(word) ||
      /^u\.a\.,?$/u.test(word) || (word === 'u.' && tokens[i + 1]?.[0] === 'a.') || (/^a\.,?$/u.test(word) && tokens[i - 1]?.[0] === 'u.') ||
      (isLast && /^(?:colleagues|co-?workers)$/u.test(word) && tokens[i - 1]?.[0] === 'and') ||
      (isLast && GROUP_WORD.test(word) && CAPITALISED.test(tokens[i - 1]?.[0] ?? '')) ||
      PARTICLES.has(word) || INITIALS.test(word) || (FUNCTION_WORDS.has(word) && !isLast) ||
      (CAPITALISED.test(word) && !notName(word, surnames || beside(tokens, i)) && (isLast || !/\.$|\d/.test(word)));
    if (!accepted) break;
    first = i;
  }
  while (first <= last && (AND_WORD.test(tokens[first][0]) || /^(?:,|of|for|the|on|in|to|at)$/u.test(tokens[first][0]))) first++;
  if (first > last) return undefined;
  const start = windowStart + tokens[first].index! + (ELIDED.exec(tokens[first][0])?.[0].length ?? 0);
  const parsed = parseNames(text.slice(start, phraseEnd(point ?? tokens[last])), surnames);
  if (!parsed || parsed.title) return undefined;
  // (the word right before the names, with only blanks between: not the `a` of a year `2012a\; Simpan`)
  const previousToken = tokens[first - 1];
  const previous = previousToken && /^\s+$/.test(before.slice(previousToken.index + previousToken[0].length, tokens[first].index)) ? previousToken[0] : undefined;
  // `the Honeybee Genome Sequencing Consortium (2006)`: an organisation is named with "the".
  const organisation = ORGANISATION.test(parsed.namePhrase);
  // (`the Miller et al. (2014) study`, `the Smith and Jones (2010) model`: names of people, not an event's)
  // (German capitalises every noun: `In seiner Dissertation (2012)`, `die Studie (2010)`)
  const afterArticle = previous !== undefined && ARTICLES.test(previous) && !organisation && !parsed.etAl && parsed.names.length === 1;
  // (`presented at the Summer School … at the Freie Universität Berlin (2017)`: an event and a place, seldom an author)
  const event = / at the /u.test(parsed.namePhrase);
  return { start, parsed, afterArticle: afterArticle || event || nounAfterPossessive, organisation };
}

/**
 * `May (1975)`, `Winter (2010)`: one name that is also a month or a season (SURNAME_WORDS), right before the
 * year in parentheses: doubtful, a citation only when a reference has the name.
 */
function surnameWordBefore(text: string, open: number): ReturnType<typeof authorBefore> {
  const author = authorBefore(text, open, true);
  if (!author || author.parsed.names.length !== 1 || !SURNAME_WORDS.has(fold(author.parsed.names[0]))) return undefined;
  // (`in May (2020)`, `since Spring (2019)`: a date)
  if (/\b(?:in|since|until|till|during|by|from|of|early|late|mid|last|next|this)\s+$/iu.test(text.slice(Math.max(0, author.start - 12), author.start))) return undefined;
  return { ...author, afterArticle: true };
}

/**
 * `Robins, Hernán, and Wasserman conclude that "…" (2015, 297)`, `Tremblay-Boire and Prakash (2017) confirm this,
 * finding that "…" (2017, 644)`: a year right after a quotation, of the last names before the quotation in its
 * sentence. Doubtful: a citation only when a reference has the names.
 */
function quotedAuthorBefore(text: string, open: number): ReturnType<typeof authorBefore> {
  const windowStart = Math.max(0, open - 800);
  const quotation = /["“][^"“”\n]{1,600}["”][ \t]*$/u.exec(text.slice(windowStart, open));
  if (!quotation) return undefined;
  const quotationStart = windowStart + quotation.index;
  const leadStart = Math.max(0, quotationStart - 160);
  // the last capitalised word, then only the sentence's lower-case words (and a year in parentheses) up to the quotation
  const lastName = /\p{Lu}[\p{L}'’-]*(?=[^.!?\p{Lu}\n]*$)/u.exec(text.slice(leadStart, quotationStart));
  return lastName ? authorBefore(text, leadStart + lastName.index + lastName[0].length) : undefined;
}

/**
 * A work cited by its italic title before a year (`*Allen v. Milligan* (2023)`, a case, a law, a work without
 * author): doubtful, a citation only when a reference has that title.
 */
function italicTitleBefore(text: string, open: number): { start: number; parsed: ParsedNames; afterArticle: boolean } | undefined {
  const windowStart = Math.max(0, open - 130);
  const italic = /([*_])(\p{Lu}[^*_\n]{1,120})\1[ \t]*$/u.exec(text.slice(windowStart, open));
  if (!italic) return undefined;
  return { start: windowStart + italic.index, parsed: { names: [], namePhrase: '', etAl: false, title: italic[2].trim() }, afterArticle: true };
}

/**
 * Abbreviations a document defines in prose for corporate authors: `Office for National Statistics
 * (ONS, 2021)` or `World Health Organization (WHO)`, when the letters are the initials of the name.
 * (`[ISO]` inside a citation defines its abbreviation whatever the letters: see AuthorDateItem.)
 * Maps the abbreviation to the full name.
 */
export function findAbbreviations(text: string): Map<string, string> {
  const abbreviations = new Map<string, string>();
  const name = /(\p{Lu}[\p{L}-]*(?:\s+(?:(?:of|for|the|on|and|&|des|de)\s+)*\p{Lu}[\p{L}-]*)+)\s*$/u;
  // Find the rare `(ABC` first, then read the name before it: one regex over the whole text would backtrack.
  for (const m of text.matchAll(/[[(](\p{Lu}{2,})[\]),;]/gu)) {
    const before = name.exec(text.slice(Math.max(0, m.index - 150), m.index));
    if (!before) continue;
    const words = before[1].split(/\s+/u);
    const abbreviation = m[1];
    // The abbreviation's letters are the initials of the name's last capitalised words.
    const capitals = words.map((word, i) => ({ word, i })).filter(({ word }) => /^\p{Lu}/u.test(word));
    if (capitals.length < abbreviation.length) continue;
    const tail = capitals.slice(capitals.length - abbreviation.length);
    if (tail.map(({ word }) => word[0]).join('') !== abbreviation) continue;
    if (!abbreviations.has(abbreviation)) abbreviations.set(abbreviation, words.slice(tail[0].i).join(' '));
  }
  return abbreviations;
}
