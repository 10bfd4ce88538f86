// LaTeX as found in BibTeX fields -> plain Unicode for search and display (name lists: see names.ts).

/** Combining marks of the accent commands (`\'e`, `\c{c}`, ...). */
const ACCENTS: Record<string, string> = {
  "'": '\u0301', '`': '\u0300', '^': '\u0302', '"': '\u0308', '~': '\u0303', '=': '\u0304', '.': '\u0307',
  u: '\u0306', v: '\u030C', H: '\u030B', c: '\u0327', d: '\u0323', b: '\u0331', k: '\u0328', r: '\u030A',
  t: '\u0361',
};

/** Commands that stand for one character or a short text. */
const SYMBOLS: Record<string, string> = {
  ss: 'ß', o: 'ø', O: 'Ø', ae: 'æ', AE: 'Æ', oe: 'œ', OE: 'Œ', aa: 'å', AA: 'Å', l: 'ł', L: 'Ł',
  i: 'ı', j: 'ȷ', dh: 'ð', DH: 'Ð', th: 'þ', TH: 'Þ', ng: 'ŋ', NG: 'Ŋ', dj: 'đ', DJ: 'Đ',
  textasciitilde: '~', textasciicircum: '^', textbackslash: '\\', textendash: '–', textemdash: '—',
  textquoteleft: '‘', textquoteright: '’', textquotedblleft: '“', textquotedblright: '”',
  textregistered: '®', texttrademark: '™', copyright: '©', textcopyright: '©', pounds: '£', textsterling: '£',
  euro: '€', texteuro: '€', dag: '†', ddag: '‡', S: '§', P: '¶', ldots: '…', dots: '…', textellipsis: '…',
  textdegree: '°', textbullet: '•', guillemotleft: '«', guillemotright: '»', quad: ' ', qquad: ' ',
  LaTeX: 'LaTeX', TeX: 'TeX', BibTeX: 'BibTeX', textunderscore: '_', textbar: '|', textless: '<',
  textgreater: '>', textperiodcentered: '·', textexclamdown: '¡', textquestiondown: '¿',
  alpha: 'α', beta: 'β', gamma: 'γ', delta: 'δ', epsilon: 'ε', varepsilon: 'ε', zeta: 'ζ', eta: 'η',
  theta: 'θ', iota: 'ι', kappa: 'κ', lambda: 'λ', mu: 'μ', nu: 'ν', xi: 'ξ', pi: 'π', rho: 'ρ',
  sigma: 'σ', tau: 'τ', upsilon: 'υ', phi: 'φ', varphi: 'φ', chi: 'χ', psi: 'ψ', omega: 'ω',
  Gamma: 'Γ', Delta: 'Δ', Theta: 'Θ', Lambda: 'Λ', Xi: 'Ξ', Pi: 'Π', Sigma: 'Σ', Phi: 'Φ', Psi: 'Ψ',
  Omega: 'Ω', times: '×', pm: '±', cdot: '·', leq: '≤', le: '≤', geq: '≥', ge: '≥', neq: '≠', ne: '≠',
  infty: '∞', to: '→', rightarrow: '→', leftarrow: '←', approx: '≈', sim: '∼', in: '∈', ell: 'ℓ',
  circ: '∘', prime: '′', partial: '∂', nabla: '∇', sum: '∑', prod: '∏', int: '∫', sqrt: '√',
};

/** Control symbols: `\&` and friends. */
const ESCAPES: Record<string, string> = {
  '&': '&', '%': '%', $: '$', '#': '#', _: '_', '{': '{', '}': '}', ' ': ' ', ',': ' ', ';': ' ',
  '!': '', '/': '', '-': '', '@': '', '\\': ' ',
};

const SPECIAL = /[\\{}~$`'\t\r\n\f\v\u00a0]/;

/** Whether a value holds anything to decode or collapse (one character class, then substrings: fast scans). */
export function needsWork(value: string): boolean {
  return SPECIAL.test(value) || value.includes('--') || value.includes('  ');
}

/** LaTeX -> plain Unicode: accents, escapes, dashes, `~`, braces and formatting commands removed. */
export function latexToUnicode(value: string): string {
  if (!needsWork(value)) return value.trim();
  const decoded = collapseSpaces(decodeRange(value, 0, value.length));
  return COMBINING.test(decoded) ? decoded.normalize('NFC') : decoded;
}

const COMBINING = /[\u0300-\u036f]/;

function collapseSpaces(text: string): string {
  return /\s\s|[\t\r\n]/.test(text) ? text.replace(/\s+/g, ' ').trim() : text.trim();
}

function isLetter(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122);
}

/** Index just after the `}` matching the `{` at `open` (or `end` when unbalanced). */
export function skipGroup(text: string, open: number, end: number): number {
  let depth = 0;
  for (let i = open; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++; // `\{` and `\}` do not count
    else if (c === 123) depth++;
    else if (c === 125 && --depth === 0) return i + 1;
  }
  return end;
}

function decodeRange(text: string, start: number, end: number): string {
  let out = '';
  let plainFrom = start;
  let i = start;
  const flush = (upTo: number) => {
    if (upTo > plainFrom) out += text.slice(plainFrom, upTo);
  };
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c === 123 || c === 125 || c === 36) { // { } $: dropped (math is kept as its content)
      flush(i);
      i++;
      plainFrom = i;
    } else if (c === 126) { // ~
      flush(i);
      out += ' ';
      plainFrom = ++i;
    } else if (c === 45 && text.charCodeAt(i + 1) === 45) { // -- and ---
      flush(i);
      const em = text.charCodeAt(i + 2) === 45;
      out += em ? '—' : '–';
      i += em ? 3 : 2;
      plainFrom = i;
    } else if ((c === 96 || c === 39) && text.charCodeAt(i + 1) === c) { // `` and ''
      flush(i);
      out += c === 96 ? '“' : '”';
      i += 2;
      plainFrom = i;
    } else if (c === 92) {
      flush(i);
      const [piece, next] = decodeCommand(text, i, end);
      out += piece;
      i = plainFrom = next;
    } else {
      i++;
    }
  }
  flush(end);
  return out;
}

/** Decodes the command starting with the backslash at `at`; returns its text and where decoding resumes. */
function decodeCommand(text: string, at: number, end: number): [string, number] {
  let i = at + 1;
  if (i >= end) return ['', end];
  let name: string;
  if (isLetter(text.charCodeAt(i))) {
    while (i < end && isLetter(text.charCodeAt(i))) i++;
    name = text.slice(at + 1, i);
    while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++; // TeX eats spaces here
  } else {
    name = text[i++];
    if (!(name in ACCENTS) && name in ESCAPES) return [ESCAPES[name], i];
  }
  if (name in ACCENTS && (name.length === 1)) return applyAccent(ACCENTS[name], text, i, end);
  if (name in SYMBOLS) {
    // `\ss{}`: an empty group after a symbol only ends the command name
    if (text.charCodeAt(i) === 123 && text.charCodeAt(i + 1) === 125) i += 2;
    return [SYMBOLS[name], i];
  }
  if (name === 'href' && text.charCodeAt(i) === 123) i = skipGroup(text, i, end); // keep only the link text
  // Any other command (\emph, \textbf, \url, \mathrm, \sc, ...) is dropped; its argument stays as text.
  return ['', i];
}

/** Accent groups (`\\'{...}`) being decoded inside one another; real text nests two or three. */
let accentGroups = 0;
const MAX_ACCENT_NESTING = 100;

function applyAccent(mark: string, text: string, i: number, end: number): [string, number] {
  // `\'\'e`: a run of accents is read in a loop (all marks go on the one base), not one call per accent
  while (text.charCodeAt(i) === 92 && i + 2 < end && !isLetter(text.charCodeAt(i + 1)) && text[i + 1] in ACCENTS) {
    mark += ACCENTS[text[i + 1]];
    i += 2;
  }
  // `{\" o}`: TeX's \accent skips the blanks before the letter it puts the mark on
  while (i < end && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  let base: string;
  let next: number;
  if (text.charCodeAt(i) === 123) {
    next = skipGroup(text, i, end);
    try {
      if (++accentGroups > MAX_ACCENT_NESTING) throw new Error(`accents nested more than ${MAX_ACCENT_NESTING} deep (\\'{\\'{…}})`);
      base = decodeRange(text, i + 1, next - 1);
    } finally {
      accentGroups--;
    }
  } else if (text.charCodeAt(i) === 92) {
    [base, next] = decodeCommand(text, i, end);
  } else {
    base = i < end ? text[i] : '';
    next = Math.min(i + 1, end);
  }
  if (base === 'ı') base = 'i';
  else if (base === 'ȷ') base = 'j';
  if (base === '') return [mark.normalize('NFC'), next];
  // the mark goes on the first character; the rest of the group follows unchanged
  const first = String.fromCodePoint(base.codePointAt(0)!);
  return [first + mark + base.slice(first.length), next];
}
