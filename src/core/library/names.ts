// BibTeX name lists (`Last, First and First von Last and {Corporate Name}`) -> CSL names.
import type { LibraryEntry, Person } from '../types';
import { latexToUnicode, needsWork, skipGroup } from './latex';

/** Splits `text` on `separator` (a single character or ` and `) where brace depth is 0. */
function splitTopLevel(text: string, isSeparatorAt: (i: number) => number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) { i++; continue; }
    if (c === 123) depth++;
    else if (c === 125) depth--;
    else if (depth === 0) {
      const length = isSeparatorAt(i);
      if (length > 0) {
        parts.push(text.slice(from, i));
        from = i + length;
        i = from - 1;
      }
    }
  }
  parts.push(text.slice(from));
  return parts;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 126;
const AND = /[\s~]and[\s~]/i;

/** `and` (any case) followed by a space at `i`. */
function isAndAt(text: string, i: number): boolean {
  return (text.charCodeAt(i) | 32) === 97 && (text.charCodeAt(i + 1) | 32) === 110 &&
    (text.charCodeAt(i + 2) | 32) === 100 && isSpace(text.charCodeAt(i + 3));
}

/** The names of a BibTeX name list, trimmed (`and others` and blanks dropped), and how to decode each. */
function splitNames(value: string): { names: string[]; decode: (text: string) => string } {
  // Most name lists hold no LaTeX at all: then the parts need no decoding, only trimming.
  const plain = !needsWork(value);
  const parts = plain
    ? value.split(AND)
    : splitTopLevel(value, (i) => (isSpace(value.charCodeAt(i)) && isAndAt(value, i + 1) ? 5 : 0));
  const names: string[] = [];
  for (const raw of parts) {
    const name = raw.trim();
    if (name !== '' && name !== 'others') names.push(name);
  }
  // (a name's reading depends on its text alone: with no LaTeX in it, `latexToUnicode` only trims)
  return { names, decode: plain ? trim : latexToUnicode };
}

/**
 * BibTeX name list (`A and B and {Corporate Name}`) -> CSL names, LaTeX decoded. `and others` is dropped.
 * `known`: the names read so far, as written, each read once (a library names most authors many times;
 * entries then share the Person, as they do in a decoded cache).
 */
export function parseNames(value: string, known?: Map<string, Person | null>): Person[] {
  const { names, decode } = splitNames(value);
  const people: Person[] = [];
  for (const name of names) {
    let person = known?.get(name);
    if (person === undefined) {
      person = parseName(name, decode) ?? null;
      known?.set(name, person);
    }
    if (person) people.push(person);
  }
  // (`push` leaves room for a dozen more: a list a library keeps for every entry is kept at its size)
  return people.slice();
}

/** The people a work is known by: its authors, or its editors when it has none (proceedings, edited books). */
export function creditedPeople(entry: Pick<LibraryEntry, 'authors' | 'editors'>): Person[] {
  return entry.authors.length > 0 ? entry.authors : entry.editors;
}

/** The name search indexes for a person: the family name, else the literal or given one. */
export function personName(person: Person): string {
  return person.family ?? person.literal ?? person.given ?? '';
}

/**
 * `parseNames(value).map(personName)`, without making the people: of a `Last, First` name without
 * braces (the usual form) only the family name is read and decoded.
 */
export function searchNames(value: string): string[] {
  const { names, decode } = splitNames(value);
  const found: string[] = [];
  for (const name of names) {
    const comma = EXTENDED_NAME.test(name) ? -1 : lastFirstComma(name);
    const person = comma === -1 ? parseName(name, decode) : undefined;
    const searched = comma === -1 ? person && personName(person) : decode(name.slice(0, comma)) || decode(givenAfter(name, comma));
    if (searched) found.push(searched);
  }
  return found;
}

/** Where the comma of a `Last, First` name without braces (the usual case) is, or -1. */
function lastFirstComma(name: string): number {
  const comma = name.indexOf(',');
  return comma === -1 || name.indexOf(',', comma + 1) !== -1 || name.indexOf('{') !== -1 ? -1 : comma;
}

/** What follows the comma, without leading spaces (one slice rather than a slice and a trimmed copy). */
function givenAfter(name: string, comma: number): string {
  let given = comma + 1;
  while (name.charCodeAt(given) === 32) given++;
  return name.slice(given);
}

const trim = (text: string) => text.trim();

function parseName(name: string, decode: (text: string) => string): Person | undefined {
  if (name.startsWith('{') && skipGroup(name, 0, name.length) === name.length) {
    return { literal: decode(name) };
  }
  if (EXTENDED_NAME.test(name)) return extendedName(name, decode);
  const lastFirst = lastFirstComma(name);
  if (lastFirst !== -1) return person(decode(name.slice(0, lastFirst)), decode(givenAfter(name, lastFirst)));
  const comma = name.indexOf(',');
  const parts = (comma === -1 ? [name] : splitTopLevel(name, (i) => (name.charCodeAt(i) === 44 ? 1 : 0))).map((p) => p.trim());
  let given = '';
  let family: string;
  let suffix = '';
  if (parts.length === 1) {
    const words = splitWords(parts[0]);
    // First von Last: von starts at the first lower-case word (never the last word)
    let vonStart = words.findIndex((w, index) => index < words.length - 1 && isLowerCaseWord(w));
    if (vonStart === -1) vonStart = words.length - 1;
    given = words.slice(0, vonStart).join(' ');
    family = words.slice(vonStart).join(' ');
  } else {
    family = parts[0];
    if (parts.length >= 3) {
      suffix = parts[1];
      given = parts.slice(2).join(', ');
    } else {
      given = parts[1];
    }
  }
  return person(decode(family), decode(suffix ? `${given}, ${suffix}` : given));
}

/** biblatex's extended name format: `family=Steege, given=Hans, prefix=ter, useprefix=true`. */
const EXTENDED_NAME = /^\s*(?:family|given|prefix|suffix|useprefix)\s*=/u;

/** A name in the extended format; the prefix (`ter`, `van der`) goes before the family name, as the name is cited. */
function extendedName(name: string, decode: (text: string) => string): Person | undefined {
  const parts = new Map<string, string>();
  for (const part of splitTopLevel(name, (i) => (name.charCodeAt(i) === 44 ? 1 : 0))) {
    const equals = part.indexOf('=');
    if (equals !== -1) parts.set(part.slice(0, equals).trim().toLowerCase(), decode(part.slice(equals + 1).trim()));
  }
  const prefix = parts.get('prefix');
  const family = [prefix, parts.get('family')].filter(Boolean).join(' ');
  const given = [parts.get('given'), parts.get('suffix')].filter(Boolean).join(', ');
  return person(family, given);
}

function person(family: string, given: string): Person | undefined {
  if (family && given) return { family, given };
  if (family) return { family };
  return given ? { given } : undefined;
}

function splitWords(part: string): string[] {
  const words = part.indexOf('{') === -1 ? part.split(/[\s~]+/) : splitTopLevel(part, (i) => (isSpace(part.charCodeAt(i)) ? 1 : 0));
  return words.filter((w) => w !== '');
}

/** BibTeX's test for a von word: its first letter at brace depth 0 (or in a `{\'e}` special) is lower case. */
function isLowerCaseWord(word: string): boolean {
  const first = word.charCodeAt(0);
  if (first >= 97 && first <= 122) return true;
  if (first >= 65 && first <= 90) return false;
  if (first === 123 && word[1] !== '\\') return false;
  const letter = /\p{L}/u.exec(latexToUnicode(word));
  return letter !== null && letter[0] !== letter[0].toUpperCase();
}
