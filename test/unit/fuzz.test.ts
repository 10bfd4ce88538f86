import * as assert from 'assert';
import { promises as fs } from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { decodeLibraryBytes } from '../../src/core/library/decode';
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
