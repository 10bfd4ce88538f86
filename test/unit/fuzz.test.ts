import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { decodeLibraryBytes } from '../../src/core/library/decode';
import { readLibraryFile } from '../../src/core/library/load';
import type { LibraryEntry } from '../../src/core/types';
import { checkDocument } from '../../src/core/check';
import { LibraryIndex } from '../../src/core/library/libraryIndex';
import { findTags } from '../../src/core/themes/tags';

const messy = path.resolve(__dirname, '../fixtures/bib-messy');
const SEED = 20261125;
const ROUNDS_PER_FILE = 40;
const MAX_MS_PER_PARSE = 2000;

/** mulberry32: a small seeded generator, so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAMAGE = ['{', '}', '"', '@', ',', '=', '#', '\\', '(', ')', '%', '\n', '\r\n', '\u0000', 'é', '@string{', '}}}'];

describe('fuzz: mutated real BibTeX never throws and keeps the entries it does not touch', function () {
  this.timeout(60000);

  it('survives single-point damage in every messy fixture', async () => {
    const next = random(SEED);
    const files = (await fs.readdir(messy)).filter((name) => name.endsWith('.bib'));
    let runs = 0;
    for (const name of files) {
      const { text } = decodeLibraryBytes(await fs.readFile(path.join(messy, name)));
      const original = parseBibtex(text, name);
      for (let round = 0; round < ROUNDS_PER_FILE; round++) {
        const at = Math.floor(next() * text.length);
        const kind = Math.floor(next() * 3);
        const damage = DAMAGE[Math.floor(next() * DAMAGE.length)];
        const cutLength = 1 + Math.floor(next() * 20);
        const mutated = kind === 0 ? text.slice(0, at) + damage + text.slice(at)
          : kind === 1 ? text.slice(0, at) + text.slice(at + cutLength)
            : text.slice(0, at);
        const replay = `${name} seed ${SEED} round ${round}: kind ${kind} at ${at} ${JSON.stringify(damage)}`;
        const start = performance.now();
        const parsed = parseBibtex(mutated, name);
        const elapsed = performance.now() - start;
        runs++;
        assert.ok(elapsed < MAX_MS_PER_PARSE, `${replay}: took ${elapsed} ms`);
        // Entries that end before the damaged line are untouched bytes: each must still be there.
        const damagedLine = text.slice(0, at).split('\n').length - 1;
        const kept = new Set(parsed.entries.map((entry) => entry.key));
        const firstKeyed = new Map<string, number>();
        original.entries.forEach((entry, i) => firstKeyed.set(entry.key, firstKeyed.get(entry.key) ?? i));
        for (const entry of original.entries) {
          if (entry.endLine < damagedLine - 1 && firstKeyed.get(entry.key) === original.entries.indexOf(entry)) {
            assert.ok(kept.has(entry.key), `${replay}: lost '${entry.key}' (lines ${entry.startLine}-${entry.endLine})`);
          }
        }
        // Entries that start after the damaged entry are found again once the parser resyncs at the next `@` line.
        if (kind !== 2) {
          const damageEndLine = text.slice(0, kind === 1 ? at + cutLength : at).split('\n').length - 1;
          const damagedEntry = original.entries.find((entry) => entry.startLine <= damageEndLine && entry.endLine >= damageEndLine);
          const resumeAfter = (damagedEntry?.endLine ?? damageEndLine) + 1;
          const shift = mutated.split('\n').length - text.split('\n').length;
          for (const entry of original.entries) {
            if (entry.startLine > resumeAfter && firstKeyed.get(entry.key) === original.entries.indexOf(entry)) {
              const found = parsed.entries.find((candidate) => candidate.key === entry.key);
              assert.ok(found, `${replay}: lost '${entry.key}' after the damage (line ${entry.startLine})`);
              assert.strictEqual(found.startLine, entry.startLine + shift, `${replay}: '${entry.key}' moved`);
            }
          }
        }
        for (const problem of parsed.problems) assert.ok(problem.line >= 0 && problem.message.length > 0, replay);
      }
    }
    assert.ok(runs >= files.length * ROUNDS_PER_FILE);
  });
});

// Pieces of Markdown, citations and author-date prose, with every delimiter the parsers care about.
const DRAFT_PIECES = [
  'peace', 'Smith', 'Jones', 'World Bank', 'et al.', 'et.al', '(', ')', '[', ']', '@', '@smith2010', '@{odd key}', '-@', ';', ',', 'p. 4',
  '2010', '2010a', '(n.d.)', '&', 'and', '`', '```', '$', '$$', '<!--', '-->', '\\', '#', '#protection/reintegration', '# Heading',
  '\n', '\n\n', '\r\n', '    ', '---', '> ', '- ', '1. ', 'References', '\u0000', 'é', '\u202e', '*', '_', '"', "'s",
];

describe('fuzz: random drafts never throw and stay fast', function () {
  this.timeout(60000);

  it('checks 300 random drafts against a real library', async () => {
    const next = random(SEED + 1);
    const file = path.join(messy, 'biber-examples.bib');
    const index = new LibraryIndex();
    index.set(parseBibtex(decodeLibraryBytes(await fs.readFile(file)).text, file));
    const view = index.view();
    for (let round = 0; round < 300; round++) {
      const length = 1 + Math.floor(next() * 400);
      const parts: string[] = [];
      for (let i = 0; i < length; i++) parts.push(DRAFT_PIECES[Math.floor(next() * DRAFT_PIECES.length)], next() < 0.5 ? ' ' : '');
      const draft = (round % 3 === 0 ? '---\nbibliography: x.bib\nnocite: "@*"\n---\n' : '') + parts.join('');
      const start = performance.now();
      const check = checkDocument('/fuzz/draft.md', draft, view, { authorDate: 'on' });
      findTags(draft);
      const elapsed = performance.now() - start;
      const replay = `seed ${SEED + 1} round ${round}`;
      assert.ok(elapsed < MAX_MS_PER_PARSE, `${replay}: took ${elapsed} ms`);
      for (const diagnostic of check.diagnostics) {
        const { start: from, end: to } = diagnostic.range;
        assert.ok(from.line < to.line || (from.line === to.line && from.character <= to.character), `${replay}: reversed range`);
      }
      for (const citation of check.citations) assert.ok(citation.start >= 0 && citation.end <= draft.length && citation.start < citation.end, `${replay}: citation outside the text`);
    }
  });
});

/** Time of `work` in ms, the least of five runs: preemption on a loaded machine only ever adds time, so the least is the cost. */
function timed(work: () => unknown): number {
  let least = Infinity;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    work();
    least = Math.min(least, performance.now() - start);
  }
  return least;
}

const comparable = (entries: LibraryEntry[]) => entries.map((entry) => [entry.key, entry.startLine, entry.title, entry.authors]);

describe('fuzz: large libraries (100 KB – 10 MB) of repetition and growth shapes', function () {
  this.timeout(120000);

  it('reads real fixtures the same with CR-only line ends, in UTF-16 LE/BE and grown to 10 MB', async () => {
    const files = (await fs.readdir(messy)).filter((name) => name.endsWith('.bib'));
    for (const name of files) {
      const bytes = await fs.readFile(path.join(messy, name));
      const { text, encoding } = decodeLibraryBytes(bytes);
      if (encoding !== 'utf-8' || text.includes('\r')) continue;
      const expected = comparable(parseBibtex(text, name).entries);
      assert.deepStrictEqual(comparable(parseBibtex(text.replace(/\n/g, '\r'), name).entries), expected, `${name} CR-only`);
      const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
      assert.deepStrictEqual(comparable(readLibraryFile(le, name).parsed.entries), expected, `${name} UTF-16 LE`);
      assert.deepStrictEqual(comparable(readLibraryFile(Buffer.from(le).swap16(), name).parsed.entries), expected, `${name} UTF-16 BE`);
    }
    // The largest fixture, its keys made unique per copy, repeated to 10 MB with classic Mac line ends.
    const name = 'bbt-mendeley-export.bib';
    const { text } = decodeLibraryBytes(await fs.readFile(path.join(messy, name)));
    const once = parseBibtex(text, name);
    const copies = Math.ceil(10_000_000 / text.length);
    const big = Array.from({ length: copies }, (_, copy) => text.replace(/^(@\w+\{)([^,\s]+),/gm, `$1$2-c${copy},`)).join('\n').replace(/\n/g, '\r');
    const parsed = parseBibtex(big, name);
    assert.strictEqual(parsed.entries.length, once.entries.length * copies);
    const lines = text.split('\n').length;
    const last = parsed.entries[parsed.entries.length - 1];
    assert.strictEqual(last.startLine, once.entries[once.entries.length - 1].startLine + (copies - 1) * lines);
    assert.strictEqual(last.title, once.entries[once.entries.length - 1].title);
  });

  it('keeps every good entry around growth shapes: macro chains, crossref depth, repeated accents', () => {
    const next = random(SEED + 2);
    for (let round = 0; round < 6; round++) {
      const n = 1000 + Math.floor(next() * 20000);
      const macros = ['@string{m0 = "x"}', ...Array.from({ length: n }, (_, i) => `@string{m${i + 1} = m${i} # "x"}`)].join('\n');
      const chain = Array.from({ length: n }, (_, i) => `@inbook{c${i}, crossref = {c${i + 1}}}`).join('\n');
      const text = `@misc{first, title = {First}}\n${macros}\n@misc{macro, title = m${n}}\n${chain}\n@book{c${n}, title = {Root}}\n` +
        `@misc{accents, title = {${"\\'".repeat(n)}a}}\n@misc{last, title = {Last}}\n`;
      const replay = `seed ${SEED + 2} round ${round}: n = ${n}, ${text.length} characters`;
      const start = performance.now();
      const parsed = parseBibtex(text, 'growth.bib');
      assert.ok(performance.now() - start < 5 * MAX_MS_PER_PARSE, `${replay}: took ${performance.now() - start} ms`);
      const byKey = new Map(parsed.entries.map((entry) => [entry.key, entry]));
      assert.strictEqual(parsed.entries.length, n + 5, replay);
      assert.strictEqual(byKey.get('macro')!.title!.length, n + 1, replay);
      assert.strictEqual(byKey.get('c0')!.fields!.booktitle, 'Root', replay);
      assert.strictEqual(byKey.get('accents')!.title!.normalize('NFD').length, n + 1, replay);
      assert.deepStrictEqual([byKey.get('first')!.title, byKey.get('last')!.title], ['First', 'Last'], replay);
      assert.deepStrictEqual(parsed.problems, [], replay);
    }
  });

  it('grows linearly: 8 times the input takes far less than 64 times as long', () => {
    const shapes: Array<[string, (n: number) => () => unknown]> = [
      ['entries on one line', (n) => { const t = '@misc{k, title = {T}} '.repeat(n); return () => parseBibtex(t, 'x.bib'); }],
      ['CR-only entries', (n) => { const t = '@misc{k,\r title = {T}}\r'.repeat(n); return () => parseBibtex(t, 'x.bib'); }],
      ['distinct fields', (n) => { const t = `@misc{k, ${Array.from({ length: n }, (_, i) => `f${i} = {v}`).join(', ')}}`; return () => parseBibtex(t, 'x.bib'); }],
      ['`[` and many `@`', (n) => { const t = `[${'@'.repeat(8 * n)}`; return () => checkDraft(t, 'on'); }],
      ['`[x](`', (n) => { const t = '[x]('.repeat(n); return () => checkDraft(t, 'on'); }],
      ['`@{`', (n) => { const t = '@{'.repeat(n); return () => checkDraft(t, 'off'); }],
      ['reference-list URLs', (n) => { const t = `# References\n\nSmith, J. (2010). T. ${'https://'.repeat(n)}<\n`; return () => checkDraft(t, 'on'); }],
    ];
    for (const [name, make] of shapes) {
      const small = timed(make(5000));
      const large = timed(make(40000));
      assert.ok(large < 30 * Math.max(small, 5), `${name}: ${small.toFixed(1)} ms for 5,000, ${large.toFixed(1)} ms for 40,000`);
    }
  });
});

function checkDraft(text: string, authorDate: 'on' | 'off') {
  return checkDocument('/fuzz/draft.md', text, new LibraryIndex().view([]), { authorDate, suggest: false });
}

/** Repeated delimiters that once made draft scans quadratic; none of them closes anything across a blank line. */
const FILLERS = ['](', '[x](', '@{', '[@', '[', '@', 'https://', '10.1234/', '<https:', '(', '{', 'et al. ', 'Smith ', '\\\'', '; '];

describe('fuzz: large drafts of repeated delimiters find exactly the citations planted among them', function () {
  this.timeout(120000);

  it('finds every planted Pandoc and author-date citation in 100 KB – 2 MB drafts', () => {
    const next = random(SEED + 3);
    for (let round = 0; round < 8; round++) {
      const size = 100_000 * 2 ** (round % 5);
      const paragraphs: string[] = [];
      const keys: string[] = [];
      const prose: string[] = [];
      for (let length = 0; length < size;) {
        const filler = FILLERS[Math.floor(next() * FILLERS.length)].repeat(1 + Math.floor(next() * 20000));
        const i = keys.length;
        keys.push(`key${i}`);
        prose.push(`Author${String.fromCharCode(65 + (i % 26))}, ${1900 + (i % 100)}`);
        paragraphs.push(filler, `As shown (${prose[i]}) and [see @key${i}, p. ${i}].`);
        length += filler.length + 40;
      }
      const draft = paragraphs.join('\n\n');
      const replay = `seed ${SEED + 3} round ${round}: ${draft.length} characters`;
      const start = performance.now();
      const check = checkDraft(draft, 'on');
      assert.ok(performance.now() - start < 5 * MAX_MS_PER_PARSE, `${replay}: took ${performance.now() - start} ms`);
      assert.deepStrictEqual(check.pandocCitations.flatMap((c) => c.items.map((item) => item.key)).filter((key) => /^key\d+$/.test(key)), keys, replay);
      assert.deepStrictEqual(check.citations.filter((c) => c.kind === 'author-date').map((c) => c.text), prose, replay);
    }
  });

  it('reads front matter with many YAML aliases: up to the limit resolved, past it reported', () => {
    for (const count of [50, 99, 150, 5000]) {
      const items = Array.from({ length: count }, (_, i) => `- id: k${i}\n  author: *au`).join('\n');
      const text = `---\nreferences:\n- id: base\n  author: &au\n    - family: Smith\n${items}\n---\n\n[@k0]\n`;
      const check = checkDraft(text, 'off');
      if (count < 100) {
        assert.strictEqual(check.frontMatter.references.length, count + 1);
        assert.ok(check.frontMatter.references.every((entry) => entry.authors[0]?.family === 'Smith'));
      } else {
        // the references are not read, so `@k0` is missing too
        assert.deepStrictEqual(check.diagnostics.map((d) => d.code), ['front-matter', 'missing-key']);
        assert.match(check.diagnostics[0].message, /alias/);
      }
      assert.deepStrictEqual(check.citations.map((c) => c.keys), [['k0']]);
    }
  });
});
