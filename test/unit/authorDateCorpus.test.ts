// Precision and recall of author-date checking on hand-labelled manuscripts (test/fixtures/author-date).
// Each `<name>.labels.json` lists, per citation occurrence, its text, 1-based line, expected status
// and keys, whether it should be reported as inconsistent, and the traps that are not citations.
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { checkAuthorDate } from '../../src/core/citations/authorDateCheck';
import { parseBibtex } from '../../src/core/library/bibtex';
import { LineIndex } from '../../src/core/text';

interface Label {
  text: string;
  line: number;
  status: 'matched' | 'unmatched' | 'ambiguous';
  keys: string[];
  inconsistent?: boolean;
}
interface LabelFile {
  document: string;
  bib: string | null;
  citations: Label[];
  notCitations: Array<{ text: string; line: number }>;
}
interface Found {
  status: string;
  keys: string[];
  inconsistent: boolean;
}

const dir = path.resolve(__dirname, '../fixtures/author-date');
const normalise = (text: string) => text.replace(/\s+/g, ' ').trim();
const id = (line: number, text: string) => `${line}|${normalise(text)}`;

/** Precision and recall of a predicted set against an expected one. */
function score(predicted: Set<string>, expected: Set<string>): { precision: number; recall: number; tp: number } {
  const tp = [...predicted].filter((item) => expected.has(item)).length;
  return { precision: predicted.size ? tp / predicted.size : 1, recall: expected.size ? tp / expected.size : 1, tp };
}

describe('author-date corpus', () => {
  const files = fs.readdirSync(dir).filter((name) => name.endsWith('.labels.json')).sort();
  const labelled = new Map<string, Label>();
  const found = new Map<string, Found>();
  const traps = new Set<string>();
  const patterns = new Set<string>();

  before(() => {
    for (const file of files) {
      const labels = JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as LabelFile;
      const text = fs.readFileSync(path.join(dir, labels.document), 'utf8');
      const library = labels.bib ? parseBibtex(fs.readFileSync(path.join(dir, labels.bib), 'utf8'), labels.bib).entries : [];
      const result = checkAuthorDate(text, library, { path: labels.document });
      const lines = new LineIndex(text);
      const inconsistentAt = new Set(
        result.diagnostics.filter((d) => d.code === 'inconsistent').map((d) => `${d.range.start.line}:${d.range.start.character}`),
      );
      for (const citation of result.citations) {
        for (const item of citation.items) {
          const start = lines.positionAt(item.start);
          found.set(`${labels.document}|${id(start.line + 1, item.text)}`, {
            status: item.status,
            keys: [...item.keys].sort(),
            inconsistent: inconsistentAt.has(`${start.line}:${start.character}`),
          });
        }
      }
      for (const label of labels.citations) labelled.set(`${labels.document}|${id(label.line, label.text)}`, label);
      for (const trap of labels.notCitations) traps.add(`${labels.document}|${id(trap.line, trap.text)}`);
      patterns.add(labels.bib ? 'bib' : 'list');
    }
  });

  it('has at least 150 labelled citations from several manuscripts, with traps and every status', () => {
    assert.ok(files.length >= 3, `${files.length} labelled manuscripts`);
    assert.ok(labelled.size >= 150, `${labelled.size} labelled citations`);
    assert.ok(traps.size >= 20, `${traps.size} traps`);
    for (const status of ['matched', 'unmatched', 'ambiguous']) {
      assert.ok([...labelled.values()].some((label) => label.status === status), `no ${status} label`);
    }
  });

  it('covers every citation pattern and trap of the issue', () => {
    const texts = [...labelled.values()].map((label) => normalise(label.text));
    const trapTexts = [...traps].map((key) => key.split('|')[2]);
    const documents = files.map((file) => fs.readFileSync(path.join(dir, file.replace('.labels.json', '.md')), 'utf8')).join('\n');
    const patterns: Array<[string, boolean]> = [
      ['(Smith, 2010)', texts.some((t) => /^[A-Z][\p{L}'-]+, \d{4}$/u.test(t))],
      ['(Smith 2010)', texts.some((t) => /^[A-Z][\p{L}'-]+ \d{4}$/u.test(t))],
      ['(Smith & Jones, 2010)', texts.some((t) => / & .*, \d{4}$/.test(t))],
      ['(Smith and Jones 2010)', texts.some((t) => / and [^(]* \d{4}$/.test(t))],
      ['(Smith et al., 2010, p. 4)', texts.some((t) => /et al\., \d{4}, p\. \d/.test(t))],
      ['(Smith, 2010: 84)', texts.some((t) => /\d{4}: \d/.test(t))],
      ['(Smith, 2010; Jones, 2012)', /\([^()]*\d{4}[^()]*;[^()]*\d{4}[^()]*\)/.test(documents)],
      ['(Smith, 2010, 2012)', texts.some((t) => /^\d{4}[a-z]?$/.test(t))],
      ['(Smith, 2010a)', texts.some((t) => /\d{4}[a-z]$/.test(t))],
      ['(Smith, 2010-b)', texts.some((t) => /\d{4}-[a-z]$/.test(t))],
      ['(n.d.)', texts.some((t) => /n\.d\./.test(t))],
      ['(in press)', texts.some((t) => /in press/.test(t))],
      ['(see Smith, 2010)', /\(see (?:also )?[A-Z]/.test(documents)],
      ['Smith (2010)', texts.some((t) => /^[A-Z][\p{L}'-]+ \(\d{4}\)$/u.test(t))],
      ['Smith and Jones (2010)', texts.some((t) => /^[A-Z]\S+ and [A-Z]\S+ \(\d{4}\)$/.test(t))],
      ['Smith et al. (2010)', texts.some((t) => /et al\. \(\d{4}\)$/.test(t))],
      ['et.al', texts.some((t) => /et\.al/.test(t))],
      ['et. al', texts.some((t) => /et\. al/.test(t))],
      ['et al,', texts.some((t) => /et al,/.test(t))],
      ["Smith's (2010)", texts.some((t) => /['’]s \(\d{4}\)$/.test(t))],
      ['John Smith (2010)', [...labelled.values()].some((label) => /first name/.test(JSON.stringify(label)))],
      ['(World Bank, 2006)', texts.some((t) => /^(?:World Bank|Home Office), \d{4}$|^(?:World Bank|Home Office) \d{4}$/.test(t))],
      ['[UNDP] then (UNDP, 2019)', texts.some((t) => /\[[A-Z]+\]/.test(t)) && texts.some((t) => /^[A-Z]{3,}, \d{4}/.test(t))],
      ['("Short title," 2017)', texts.some((t) => /^["“]/.test(t))],
      ['particles, apostrophes, accents', ['van der', "O'", 'Ö', 'Müller', 'Mueller', '-'].every((part) => texts.some((t) => t.includes(part)))],
      ['trap: personal communication', trapTexts.some((t) => /personal communication/.test(t))],
      ['trap: range of years', trapTexts.some((t) => /\d{4}[-–]\d{2,4}/.test(t))],
      ['trap: number in parentheses', trapTexts.some((t) => /^\(\d+\)$/.test(t))],
    ];
    assert.deepStrictEqual(patterns.filter(([, present]) => !present).map(([name]) => name), []);
  });

  it('recognises citations and finds the unmatched ones with precision and recall >= 0.97', () => {
    const recognition = score(new Set(found.keys()), new Set(labelled.keys()));
    const unmatched = score(
      new Set([...found].filter(([, item]) => item.status === 'unmatched').map(([key]) => key)),
      new Set([...labelled].filter(([, label]) => label.status === 'unmatched').map(([key]) => key)),
    );
    const inconsistent = score(
      new Set([...found].filter(([, item]) => item.inconsistent).map(([key]) => key)),
      new Set([...labelled].filter(([, label]) => label.inconsistent).map(([key]) => key)),
    );
    const both = [...labelled].filter(([key]) => found.has(key));
    const statusRight = both.filter(([key, label]) => found.get(key)!.status === label.status).length;
    const keysRight = both.filter(([key, label]) => found.get(key)!.keys.join() === [...label.keys].sort().join()).length;
    // A trap is taken when an item recognised on its line lies inside its text.
    const trapsTaken = [...traps].filter((trap) => {
      const [document, line, text] = trap.split('|');
      return [...found.keys()].some((key) => {
        const [foundDocument, foundLine, foundText] = key.split('|');
        return foundDocument === document && foundLine === line && text.includes(foundText);
      });
    });

    const mistakes = [
      ...[...labelled.keys()].filter((key) => !found.has(key)).map((key) => `missed: ${key}`),
      ...[...found.keys()].filter((key) => !labelled.has(key)).map((key) => `not labelled: ${key}`),
      ...both
        .filter(([key, label]) => found.get(key)!.status !== label.status || found.get(key)!.keys.join() !== [...label.keys].sort().join())
        .map(([key, label]) => `wrong: ${key} expected ${label.status} [${label.keys}] got ${found.get(key)!.status} [${found.get(key)!.keys}]`),
      ...both
        .filter(([key, label]) => found.get(key)!.inconsistent !== Boolean(label.inconsistent))
        .map(([key, label]) => `inconsistent: ${key} expected ${Boolean(label.inconsistent)}`),
    ];
    const figure = (x: number) => x.toFixed(3);
    console.log(
      `      ${files.length} manuscripts, ${labelled.size} labelled citations, ${traps.size} traps\n` +
        `      recognition  P=${figure(recognition.precision)} R=${figure(recognition.recall)}\n` +
        `      unmatched    P=${figure(unmatched.precision)} R=${figure(unmatched.recall)}\n` +
        `      inconsistent P=${figure(inconsistent.precision)} R=${figure(inconsistent.recall)}\n` +
        `      status right ${statusRight}/${both.length}, keys right ${keysRight}/${both.length}, traps taken ${trapsTaken.length}/${traps.size}` +
        (mistakes.length ? `\n      ${mistakes.join('\n      ')}` : ''),
    );
    assert.ok(recognition.precision >= 0.97 && recognition.recall >= 0.97, 'recognition below 0.97');
    assert.ok(unmatched.precision >= 0.97 && unmatched.recall >= 0.97, 'unmatched below 0.97');
    assert.ok(statusRight / both.length >= 0.97 && keysRight / both.length >= 0.97, 'status or keys below 0.97');
  });
});
