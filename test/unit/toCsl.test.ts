import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCslJson } from '../../src/core/library/csl';
import { decodeLibraryBytes } from '../../src/core/library/decode';
import { entryToCsl } from '../../src/core/library/toCsl';
import { formatReference } from '../../src/core/format/format';
import type { ParsedLibrary } from '../../src/core/types';

const MESSY = path.resolve(__dirname, '../fixtures/bib-messy');

function readMessy(name: string): ParsedLibrary {
  return parseBibtex(decodeLibraryBytes(fs.readFileSync(path.join(MESSY, name))).text, name);
}

function csl(parsed: ParsedLibrary, key: string) {
  const found = parsed.entries.find((e) => e.key === key);
  assert.ok(found, key);
  return entryToCsl(found);
}

describe('entryToCsl', () => {
  it('converts a journal article: authors, issued year, container, DOI, pages', () => {
    const item = csl(readMessy('tidy-php-string-special-char.bib'), 'BCDGV07TopologicalFree');
    assert.strictEqual(item.id, 'BCDGV07TopologicalFree');
    assert.strictEqual(item.type, 'article-journal');
    assert.deepStrictEqual((item.author as { family: string }[]).map((a) => a.family).slice(0, 3), ['Balbuena', 'Cera', 'Diánez']);
    assert.deepStrictEqual(item.issued, { 'date-parts': [[2007]] });
    assert.strictEqual(item['container-title'], 'Discrete Mathematics');
    assert.strictEqual(item.DOI, '10.1016/j.disc.2006.07.031');
    assert.strictEqual(item.page, '1038-1046');
  });

  it('uses inherited crossref fields and macro-resolved values', () => {
    const item = csl(readMessy('biber-crossrefs.bib'), 'cr1');
    assert.strictEqual(item.type, 'chapter');
    assert.strictEqual(item['container-title'], 'Graphs of the Continent');
    assert.strictEqual(item.publisher, 'Grimble');
    assert.deepStrictEqual(item.issued, { 'date-parts': [[1974, 1]] });
    const paren = csl(readMessy('bbt-871-paren-delimiters.bib'), 'McDermott:72');
    assert.deepStrictEqual(paren.author, [{ given: 'Drew V.', family: 'McDermott' }, { given: 'Gerald J.', family: 'Sussman' }]);
    assert.strictEqual(paren.id, 'McDermott:72');
  });

  it('reads types citation-js does not know as misc, and non-ASCII keys', () => {
    const mills = csl(readMessy('bbt-mendeley-export.bib'), 'Mills2010');
    assert.strictEqual(mills.title, "The Author's Perspective");
    assert.deepStrictEqual(mills.author, [{ given: 'Claudia', family: 'Mills' }]);
    const persian = csl(readMessy('tidy-persian-key.bib'), 'داودی2015بررسی');
    assert.strictEqual(persian.id, 'داودی2015بررسی');
    assert.deepStrictEqual(persian.issued, { 'date-parts': [[2015]] });
  });

  it("prints biblatex's thesis and report types as words, not as its keys (`[Mathesis, …]` in APA)", () => {
    // (as a user met it in a real JOSS paper's .bib: `@mastersthesis` without a `type`)
    const parsed = parseBibtex([
      '@mastersthesis{dreyer2021, author = {Dreyer, Lukas}, title = {The local discontinuous Galerkin method}, school = {Universität Bonn}, year = 2021}',
      '@thesis{poe2018, author = {Poe, P.}, title = {A thesis}, institution = {Y}, year = 2018, type = {phdthesis}}',
      '@mastersthesis{roe2019, author = {Roe, R.}, title = {T}, school = {X}, year = 2019, type = {Bachelor\'s thesis}}',
    ].join('\n'), 'theses.bib');
    assert.deepStrictEqual(['dreyer2021', 'poe2018', 'roe2019'].map((key) => csl(parsed, key).genre), ["Master's thesis", 'PhD thesis', "Bachelor's thesis"]);
    assert.match(formatReference(csl(parsed, 'dreyer2021'), { style: 'apa' }), /\[Master’s thesis\]\. Universität Bonn\./);
  });

  it('caches per entry and returns CSL-sourced items as read', () => {
    const parsed = readMessy('cjs-escaped-characters.bib');
    assert.strictEqual(entryToCsl(parsed.entries[0]), entryToCsl(parsed.entries[0]));
    const json = parseCslJson('[{"id": "a", "type": "book", "title": "T"}]', 'a.json');
    assert.strictEqual(entryToCsl(json.entries[0]), json.entries[0].csl);
  });
});
