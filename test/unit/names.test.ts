import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseLibraryFile } from '../../src/core/library/load';
import { creditedPeople, parseNames, personName, searchNames } from '../../src/core/library/names';

describe('parseNames', () => {
  it('reads First Last, Last, First and von Last, Jr, First forms', () => {
    assert.deepStrictEqual(parseNames('Donald E. Knuth and Lamport, Leslie'), [
      { family: 'Knuth', given: 'Donald E.' },
      { family: 'Lamport', given: 'Leslie' },
    ]);
    assert.deepStrictEqual(parseNames('Ludwig van Beethoven'), [{ family: 'van Beethoven', given: 'Ludwig' }]);
    assert.deepStrictEqual(parseNames('van der Waals, Johannes Diderik'), [{ family: 'van der Waals', given: 'Johannes Diderik' }]);
    assert.deepStrictEqual(parseNames('King, Jr, Martin Luther'), [{ family: 'King', given: 'Martin Luther, Jr' }]);
  });

  it('keeps {Corporate Names} whole, ignores "and" inside braces, decodes accents, drops "others"', () => {
    assert.deepStrictEqual(parseNames('{Barnes and Noble, Inc.} and M{\\"u}ller, J{\\"o}rg and others'), [
      { literal: 'Barnes and Noble, Inc.' },
      { family: 'Müller', given: 'Jörg' },
    ]);
    assert.deepStrictEqual(parseNames('{\\relax Ch}ristopher {de la} Fontaine'), [{ family: 'Fontaine', given: 'Christopher de la' }]);
  });

  it('reads biblatex\'s extended name format, the prefix before the family name (test/fixtures/author-date-new16\'s .bib)', () => {
    const value = 'family=Steege, given=Hans, prefix=ter, useprefix=true and Pitman, Nigel and family={Berg}, given={J.}, prefix={van den}';
    assert.deepStrictEqual(parseNames(value), [{ family: 'ter Steege', given: 'Hans' }, { family: 'Pitman', given: 'Nigel' }, { family: 'van den Berg', given: 'J.' }]);
    assert.deepStrictEqual(searchNames(value), ['ter Steege', 'Pitman', 'van den Berg']);
  });

  it('splits on AND in any case and across line breaks', () => {
    assert.deepStrictEqual(parseNames('A. One AND\n  B. Two').map((p) => p.family), ['One', 'Two']);
    assert.deepStrictEqual(parseNames('Aristotle'), [{ family: 'Aristotle' }]);
    assert.deepStrictEqual(parseNames(''), []);
  });
});

describe('searchNames', () => {
  const same = (value: string) => assert.deepStrictEqual(searchNames(value), parseNames(value).map(personName), value);

  it('gives what the people parseNames reads are searched by, on odd forms', () => {
    for (const value of [', Given', 'Family,', ' , ', 'Knuth, Donald and , Leslie', '{Barnes and Noble, Inc.} and M{\\"u}ller, J{\\"o}rg and others',
      'King, Jr, Martin Luther', 'van der Waals, Johannes Diderik', 'A. One AND\n  B. Two', 'Aristotle', '', 'others', '{\\relax Ch}ristopher {de la} Fontaine']) {
      same(value);
    }
    assert.deepStrictEqual(searchNames(', Given and Family,'), ['Given', 'Family']);
  });

  it('gives what the people parseNames reads are searched by, for every name list of the real libraries in test/fixtures', () => {
    const fixtures = path.resolve(__dirname, '../fixtures');
    const files = (fs.readdirSync(fixtures, { recursive: true }) as string[]).filter((file) => file.endsWith('.bib'));
    let lists = 0;
    for (const file of files) {
      for (const entry of parseLibraryFile(fs.readFileSync(path.join(fixtures, file)), file).entries) {
        for (const value of [entry.fields?.author, entry.fields?.editor]) {
          if (value === undefined) continue;
          same(value);
          lists++;
        }
      }
    }
    assert.ok(files.length >= 50 && lists >= 1000, `${lists} name lists in ${files.length} files`);
  });
});

describe('creditedPeople', () => {
  it('gives the authors, or the editors of a work without authors (an edited volume)', () => {
    const bib = '@book{a, author = {Doe, Jane}, editor = {Roe, Rick}, title = {T}}\n@proceedings{p, editor = {Roe, Rick and Poe, Pia}, title = {P}}\n@misc{m, title = {None}}\n';
    const [book, proceedings, misc] = parseLibraryFile(Buffer.from(bib), 'inline.bib').entries;
    assert.deepStrictEqual(creditedPeople(book).map(personName), ['Doe']);
    assert.deepStrictEqual(creditedPeople(proceedings).map(personName), ['Roe', 'Poe']);
    assert.deepStrictEqual(creditedPeople(misc), []);
  });
});
