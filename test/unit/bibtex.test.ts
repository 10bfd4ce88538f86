import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';
import { parseBibtex, reparseBibtexEdit } from '../../src/core/library/bibtex';
import { decodeLibraryBytes } from '../../src/core/library/decode';
import { keyedEntries } from '../../src/core/library/libraryIndex';
import type { LibraryEntry, ParsedLibrary } from '../../src/core/types';
import { corpusOrSkip } from '../corpora';

const MESSY = path.resolve(__dirname, '../fixtures/bib-messy');
const PANDOC_IDS = path.resolve(__dirname, '../fixtures/library/pandoc-ids');

function readMessy(name: string): { text: string; parsed: ParsedLibrary } {
  const { text } = decodeLibraryBytes(fs.readFileSync(path.join(MESSY, name)));
  return { text, parsed: parseBibtex(text, name) };
}

function entry(parsed: ParsedLibrary, key: string): LibraryEntry {
  const found = parsed.entries.find((e) => e.key === key);
  assert.ok(found, `entry ${key} is kept`);
  return found;
}

/** Problems as `line severity message`, for exact comparison. */
function problemLines(parsed: ParsedLibrary): string[] {
  return parsed.problems.map((p) => `${p.line} ${p.severity} ${p.message}`);
}

function countMessages(parsed: ParsedLibrary, pattern: RegExp): number {
  return parsed.problems.filter((p) => pattern.test(p.message)).length;
}

describe('parseBibtex on the messy real-world fixtures', () => {
  it('reads every fixture without throwing, with keys pointing at the key text', () => {
    const names = fs.readdirSync(MESSY).filter((name) => name.endsWith('.bib'));
    assert.ok(names.length >= 25);
    for (const name of names) {
      const { text, parsed } = readMessy(name);
      assert.ok(parsed.entries.length > 0, name);
      for (const e of parsed.entries) {
        assert.strictEqual(text.slice(e.keyOffset, e.keyOffset + e.key.length), e.key, `${name} ${e.key}`);
        assert.ok(e.startLine <= e.endLine, `${name} ${e.key}`);
        assert.strictEqual(e.source, name);
        assert.ok(/@\s*[\w-]*\s*[({]/.test(text.split('\n')[e.startLine]), `${name}: line ${e.startLine} starts ${e.key}`);
      }
    }
  });

  it('keeps the same ids as pandoc for every file pandoc reads (duplicates once)', () => {
    const names = fs.readdirSync(PANDOC_IDS);
    assert.strictEqual(names.length, 16);
    for (const name of names) {
      const pandocIds = [...new Set(fs.readFileSync(path.join(PANDOC_IDS, name), 'utf8').split('\n').filter(Boolean))];
      const { parsed } = readMessy(name.replace(/\.txt$/, '.bib'));
      assert.deepStrictEqual(parsed.entries.map((e) => e.key).sort(), pandocIds.sort(), name);
    }
  });

  it('bbt-873: parenthesis entries, 14 duplicate keys, an escaped brace', () => {
    const { parsed } = readMessy('bbt-873-quietly-discarded.bib');
    // 988 entries in the file, 14 of them repeat an earlier key
    assert.strictEqual(parsed.entries.length, 974);
    assert.strictEqual(countMessages(parsed, /^Duplicate key /), 14);
    assert.strictEqual(parsed.problems.filter((p) => p.severity === 'error').length, 0);
    // `Thi\{'ebaux` holds an escaped brace, which does not open a group
    assert.strictEqual(entry(parsed, 'Thiebaux:93').authors[0].family, "Thi{'ebaux");
    // the entry after the broken one is kept
    assert.strictEqual(entry(parsed, 'Wellman:WALRAS').title, 'A Market-oriented programming environment and its application to Distributed multicommodity flow problems');
    assert.deepStrictEqual(entry(parsed, 'McDermott:72').authors.map((a) => a.family), ['MCDERMOTT', 'Sussman']);
    assert.ok(parsed.problems.some((p) => p.message === "Unknown macro 'MCDERMOTT' in field 'author' of 'McDermott:72'; kept as written"));
  });

  it('bbt-mendeley: entries without a key are errors, 25 duplicates, @book_section types kept', () => {
    const { parsed } = readMessy('bbt-mendeley-export.bib');
    assert.strictEqual(parsed.entries.length, 450);
    assert.strictEqual(countMessages(parsed, /^Duplicate key /), 25); // 19 keys, some repeated 3 times
    assert.strictEqual(countMessages(parsed, /^Entry key missing after '@\w+\{'$/), 37);
    assert.strictEqual(parsed.problems.length, 62);
    assert.deepStrictEqual(problemLines(parsed).slice(0, 2), [
      "113 error Entry key missing after '@article{'",
      "499 warning Duplicate key 'Milazzo2017' (first defined on line 406); this one is ignored",
    ]);
    assert.strictEqual(entry(parsed, 'Milazzo2017').startLine, 405);
    assert.strictEqual(entry(parsed, 'Mills2010').type, 'book_section');
  });

  it('biber-crossrefs: chains inherit, the circ1 -> circ3 -> circ2 -> circ1 cycle is reported once', () => {
    const { parsed } = readMessy('biber-crossrefs.bib');
    assert.strictEqual(parsed.entries.length, 46);
    assert.deepStrictEqual(problemLines(parsed), [
      "201 warning Entry 'mcr' refers to 'missing1' (crossref/xdata), which is not in this file",
      "252 warning Cyclic crossref/xdata: circ1 -> circ3 -> circ2 -> circ1; 'circ2' does not inherit from 'circ1'",
    ]);
    const cr1 = entry(parsed, 'cr1');
    assert.strictEqual(cr1.fields?.publisher, 'Grimble');
    assert.strictEqual(cr1.year, '1974');
    assert.strictEqual(cr1.fields?.booktitle, 'Graphs of the Continent'); // the parent's title
    assert.strictEqual(cr1.container, 'Graphs of the Continent');
    assert.strictEqual(cr1.title, 'Great and Good Graphs'); // own fields win
    // r1 -> r2 -> r3 -> r4 is a chain, not a cycle; ccr2 reaches ccr1 through its `ids` alias
    assert.strictEqual(entry(parsed, 'ccr2').authors[0].family, 'Various');
    assert.strictEqual(entry(parsed, 'al1').fields?.crossref, 'alias2');
  });

  it('biber-xdata: xdata fields inherited through ids aliases, @xdata entries not citable, loop reported', () => {
    const { parsed } = readMessy('biber-xdata.bib');
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['xd1', 'xd2', 'xd3', 'gxd1', 'gxd1g', 'lxd1', 'xdann1']);
    assert.deepStrictEqual(problemLines(parsed), [
      "16 warning Entry 'xd1' refers to 'missingxd' (crossref/xdata), which is not in this file",
      "22 warning Entry 'xd2' refers to 'bltxxd1' (crossref/xdata), which is not in this file",
      "44 warning Cyclic crossref/xdata: loop -> loop:2 -> loop:3 -> loop; 'loop:3' does not inherit from 'loop'",
    ]);
    const xd1 = entry(parsed, 'xd1');
    assert.strictEqual(xd1.fields?.publisher, 'Macmillan'); // xd1 -> macmillanalias -> macmillan:pubALIAS
    assert.strictEqual(xd1.fields?.location, 'New York and London');
    assert.strictEqual(entry(parsed, 'xd3').fields?.note, 'Note'); // through the loop, from loop:1
    // `%` comments after fields are skipped
    assert.strictEqual(entry(parsed, 'gxd1').fields?.lista, 'xdata=gxd3-location-5');
  });

  it('biber-examples: @string macros, crossref, accents, one duplicate key', () => {
    const { parsed } = readMessy('biber-examples.bib');
    assert.strictEqual(parsed.entries.length, 131);
    assert.deepStrictEqual(problemLines(parsed), [
      "1546 warning Duplicate key 'tmn4' (first defined on line 1539); this one is ignored",
    ]);
    const space = entry(parsed, 'westfahl:space');
    assert.strictEqual(space.fields?.publisher, 'Greenwood'); // from westfahl:frontier
    assert.strictEqual(space.container, 'Space and Beyond');
    assert.deepStrictEqual(entry(parsed, 'aristotle:anima').authors, [{ family: 'Aristotle' }]);
    assert.strictEqual(entry(parsed, 'aristotle:anima').fields?.publisher, 'Cambridge University Press'); // @STRING cup
    // field names with `+` (biber annotations)
    assert.strictEqual(entry(parsed, 'markey').url, 'http://tug.ctan.org/tex-archive/info/bibtex/tamethebeast/ttb_en.pdf');
  });

  it('bbt-3514: a crossref child inherits the date it lacks', () => {
    const { parsed } = readMessy('bbt-3514-crossref.bib');
    assert.deepStrictEqual(parsed.problems, []);
    const child = entry(parsed, 'Hauck_2011');
    assert.strictEqual(child.fields?.date, '2011');
    assert.strictEqual(child.year, '2011');
    assert.strictEqual(child.fields?.publisher, 'Território das Artes');
    assert.deepStrictEqual(child.editors.map((e) => e.family), ['Hauck', 'Chiappini', 'Timm']);
    assert.ok(child.title?.startsWith('Lenguas, fronteras e ideología lingüística'));
  });

  it('tidy-example2: free text, @String(...), @Comment{entry}, glued }@type{, odd field names', () => {
    const { parsed } = readMessy('tidy-example2-kitchen-sink.bib');
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['sweig42', 'thing_a', 'Smith2009', '4', 'steward03']);
    assert.deepStrictEqual(parsed.problems, []);
    assert.strictEqual(entry(parsed, 'sweig42').fields?.month, 'march'); // @String(mar) overrides the month macro
    assert.strictEqual(entry(parsed, 'thing_a').fields?.['weird-key'], '{cheese} {"}in brie{"}');
    assert.strictEqual(entry(parsed, 'Smith2009').fields?.month, 'December');
    assert.strictEqual(entry(parsed, 'Smith2009').container, 'Journal of Blah');
    assert.deepStrictEqual(entry(parsed, '4').fields, { a__: '{Caroline JA Smith}', _bo: 'Q{Uantum} {s}omethings' });
    assert.strictEqual(entry(parsed, '4').type, 'conference_at');
    // the @Comment-wrapped steward03 is skipped, so the real one later is not a duplicate
    assert.strictEqual(entry(parsed, 'steward03').startLine, 53);
  });

  it('cjs fixtures: mismatched delimiters, undefined macro, escaped characters', () => {
    const mismatched = readMessy('cjs-mismatched-delimiters.bib').parsed;
    assert.deepStrictEqual(mismatched.entries.map((e) => e.key), ['a']);
    assert.deepStrictEqual(problemLines(mismatched), ["10 error Entry 'b' is closed with ')' instead of '}'"]);

    const strings = readMessy('cjs-string-and-preamble.bib').parsed;
    assert.strictEqual(entry(strings, 'b').fields?.title, 'Foobarbar');
    assert.strictEqual(entry(strings, 'b').type, 'a');
    assert.deepStrictEqual(problemLines(strings), ["4 warning Unknown macro 'bar' in field 'title' of 'b'; kept as written"]);

    const escaped = readMessy('cjs-escaped-characters.bib').parsed;
    assert.strictEqual(entry(escaped, 'escape').title, 'a&b%c$d#e_f~^\\');
    assert.strictEqual(entry(escaped, 'ligature').title, '—');
  });

  it('encodings: latin-9 key, latin-1 and latin-2 values (as the files declare), persian key', () => {
    const latin9 = readMessy('biber-encoding1-latin9-nonascii-key.bib').parsed;
    assert.deepStrictEqual(latin9.entries.map((e) => e.key), ['testŠ']); // 0xA6 is Š in Latin-9, ¦ in windows-1252
    const latin1 = readMessy('biber-encoding3-latin1.bib').parsed;
    assert.strictEqual(entry(latin1, 'test1').title, 'Söme title');
    const latin2 = readMessy('biber-encoding4-latin2.bib').parsed;
    assert.strictEqual(entry(latin2, 'test1').title, 'Żome title'); // 0xAF
    const persian = readMessy('tidy-persian-key.bib').parsed;
    const e = entry(persian, 'داودی2015بررسی');
    assert.deepStrictEqual(e.authors[0], { family: 'داودی', given: 'بهنام' });
    assert.strictEqual(e.container, 'مهندسی مکانیک مدرس');
  });

  it('small BBT and tidy fixtures: CRLF, @preamble with \\def, paren delimiters, string macros with accents', () => {
    const crlf = readMessy('bbt-1730-5-jabref-groups-crlf.bib').parsed;
    assert.deepStrictEqual(crlf.entries.map((e) => [e.key, e.startLine, e.endLine]), [
      ['Chau2020', 2, 17], ['Marvin2020', 19, 31], ['Venkateshaiah2020', 33, 45], ['Xie2020', 47, 62],
    ]);
    assert.ok(!entry(crlf, 'Chau2020').title?.includes('\r'));

    const preamble = readMessy('bbt-732-preamble-def.bib').parsed;
    assert.deepStrictEqual(entry(preamble, 'MR1870153').authors, [{ family: 'Francu', given: 'Jan' }, { family: 'Krejčí', given: 'Pavel' }]);

    const paren = readMessy('bbt-871-paren-delimiters.bib').parsed;
    const mcdermott = entry(paren, 'McDermott:72');
    assert.deepStrictEqual(mcdermott.authors, [{ family: 'McDermott', given: 'Drew V.' }, { family: 'Sussman', given: 'Gerald J.' }]);
    assert.strictEqual(mcdermott.title, 'The CONNIVER Reference Manual');
    assert.strictEqual(mcdermott.fields?.month, 'May');

    const php = readMessy('tidy-php-string-special-char.bib').parsed;
    assert.deepStrictEqual(entry(php, 'BCDGV07TopologicalFree').authors.map((a) => a.family), ['Balbuena', 'Cera', 'Diánez', 'García-Vázquez']);

    const percent = readMessy('bbt-95-96-percent-preamble.bib').parsed;
    assert.strictEqual(entry(percent, 'Akhavan_2009').keywords.length, 6);

    const parens = readMessy('tidy-entry-with-parentheses.bib').parsed;
    assert.ok(entry(parens, 'tes').fields?.note?.includes('Cell. 2012 Mar 16;148(6):1204-22.'));

    const extra = readMessy('tidy-perl-extratext.bib').parsed;
    assert.strictEqual(entry(extra, 'Fowler-ModernEnglish').title, '[A Dictionary of] Modern English Usage');

    const colon = readMessy('tidy-colon-keys-field-error.bib').parsed;
    assert.deepStrictEqual(colon.entries.map((e) => e.fields), [{ x: '{1234}', year: '1234' }, { x: 'abcd', y: 'abcd' }]);

    const comma = readMessy('tidy-bibtexparser-missing-comma.bib').parsed;
    assert.strictEqual(entry(comma, 'Baltazar2013').fields?.keyword, 'keyword1, keyword2');
    assert.deepStrictEqual(entry(comma, 'Aimar2013').keywords, ['keyword1', 'keyword2']);

    const chokes = readMessy('bbt-664-chokes.bib').parsed;
    assert.strictEqual(entry(chokes, 'Acemoglu2003Whynotpolitical').doi, '10.1016/j.jce.2003.09.003');

    const plus = readMessy('bbt-2660-plus-in-field-name.bib').parsed;
    assert.strictEqual(entry(plus, '9.8:11').fields?.['author+an:username'], '1="@ausername"');
  });
});

describe('parseBibtex on the ACL Anthology (88,536 entries, 403 without a type)', () => {
  it('keeps every typed entry and reports each `@{NAME,` entry', function () {
    const bytes = zlib.gunzipSync(fs.readFileSync(corpusOrSkip(this, 'acl-anthology-via-jgrey.bib.gz')));
    const { text } = decodeLibraryBytes(bytes);
    const parsed = parseBibtex(text, 'acl.bib');
    assert.strictEqual(parsed.entries.length, 88133);
    assert.strictEqual(parsed.problems.length, 403);
    assert.ok(parsed.problems.every((p) => p.message === "Entry type missing after '@'" && p.severity === 'error'));
    assert.strictEqual(parsed.problems[0].line, 1357); // `@{WASSA,`
    const next = entry(parsed, 'pahwa-2023-bphigh'); // the entry right after it
    assert.strictEqual(next.startLine, 1360);
    assert.deepStrictEqual(next.authors, [{ family: 'Pahwa', given: 'Bhavish' }]);
    assert.ok(next.title?.startsWith('BpHigh at {WASSA} 2023'));
    // `\}` and `\{` inside a value do not end it
    assert.ok(entry(parsed, 'pritzkau-2023-nl4ia').fields?.author?.startsWith('Pritzkau'));
  });
});

describe('parseBibtex rules', () => {
  const parse = (text: string) => parseBibtex(text, 'inline.bib');

  it('@string: case-insensitive, braces or quotes or parens, # concatenation, earlier macros, months', () => {
    const parsed = parse([
      '@STRING{ first = "Ada" }',
      '@string(last = {Lovelace})',
      '@String{full = first # " " # Last}',
      '@misc{k, author = full, note = "A" # {B} # 12, month = oct, year = 1843}',
    ].join('\n'));
    assert.deepStrictEqual(parsed.problems, []);
    assert.deepStrictEqual(parsed.entries[0].fields, { author: 'Ada Lovelace', note: 'AB12', month: 'October', year: '1843' });
    assert.deepStrictEqual(parsed.entries[0].authors, [{ family: 'Lovelace', given: 'Ada' }]);
  });

  it('skips @preamble, @comment and free text, and `%` lines', () => {
    const parsed = parse([
      'Some text with an e-mail: someone@example.org',
      '@preamble{ "\\newcommand{\\x}{y}" }',
      '@comment{ @article{hidden, title={no}} }',
      '@comment this line is a comment',
      '% @article{commented, title={no}}',
      '@article{shown, title={yes}}',
    ].join('\n'));
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['shown']);
    assert.deepStrictEqual(parsed.problems, []);
  });

  it('never lets a stray `@` take the entry on the next line', () => {
    const parsed = parse('@\n@article{x, title={t}}\n@mjan@misc{y, title={u}}\n');
    assert.deepStrictEqual(parsed.entries.map((e) => [e.key, e.type]), [['x', 'article'], ['y', 'misc']]);
    assert.deepStrictEqual(problemLines(parsed), ["2 error Expected '{' after '@mjan'"]);
  });

  it('handles `( )` delimiters, a space before `{`, CRLF, nested braces, quotes holding braces', () => {
    const parsed = parse('@article (p1,\r\n title = "A {"}quoted{"} {B {C}}",\r\n year = 2001)\r\n@book  {p2, title = {x {y {z}}}}\r\n');
    assert.deepStrictEqual(parsed.entries.map((e) => [e.key, e.startLine, e.endLine]), [['p1', 0, 2], ['p2', 3, 3]]);
    assert.strictEqual(parsed.entries[0].fields?.title, 'A {"}quoted{"} {B {C}}');
    assert.strictEqual(parsed.entries[1].title, 'x y z');
  });

  it('reads keys with `:`, `/`, `.` and non-ASCII letters, and names with + - _', () => {
    const parsed = parse('@misc{a:b/c.d, x+y = 1, x-y = 2, x_y = 3}\n@misc{Müller2020, title = {t}}');
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['a:b/c.d', 'Müller2020']);
    assert.deepStrictEqual(parsed.entries[0].fields, { 'x+y': '1', 'x-y': '2', 'x_y': '3' });
  });

  it('recovers at the next line starting with `@` after an unclosed entry', () => {
    const parsed = parse('@article{broken,\n  title = {never closed,\n  year = 2000\n\n  @book{good, title = {Fine}}\n');
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['good']);
    assert.deepStrictEqual(problemLines(parsed), ["0 error Entry 'broken' is not closed: missing '}'"]);
  });

  it('reports a missing comma, a missing `=`, a missing type and a missing key, and keeps what follows', () => {
    const parsed = parse([
      '@article{a, title = {T} year = 2000}',
      '@article{b, title {T}}',
      '@{c, title = {T}}',
      '@article{title = {T}}',
      '@article{d, title = {T},}',
    ].join('\n'));
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['d']);
    assert.deepStrictEqual(problemLines(parsed), [
      "0 error Missing ',' after field 'title'",
      "1 error Missing '=' after field 'title'",
      "2 error Entry type missing after '@'",
      "3 error Entry key missing after '@article{'",
    ]);
    assert.deepStrictEqual(parsed.problems.map((p) => p.key), ['a', 'b', undefined, undefined]);
  });

  it('keeps the first of duplicate keys and fields, with warnings', () => {
    const parsed = parse('@misc{k, title = {One}, TITLE = {Again}}\n\n@misc{k, title = {Two}}');
    assert.strictEqual(parsed.entries.length, 1);
    assert.strictEqual(parsed.entries[0].title, 'One');
    assert.deepStrictEqual(problemLines(parsed), [
      "0 warning Duplicate field 'title' in entry 'k'; the first is kept",
      "2 warning Duplicate key 'k' (first defined on line 1); this one is ignored",
    ]);
  });

  it('keeps an undefined macro as its name, with a warning', () => {
    const parsed = parse('@article{k, journal = jacm}');
    assert.strictEqual(parsed.entries[0].container, 'jacm');
    assert.deepStrictEqual(problemLines(parsed), ["0 warning Unknown macro 'jacm' in field 'journal' of 'k'; kept as written"]);
  });

  it('inherits from crossref and xdata parents defined before or after, own fields first', () => {
    const parsed = parse([
      '@inproceedings{child, title = {Paper}, crossref = {Proc}, xdata = {pub}}',
      '@proceedings{proc, title = {Proceedings of X}, year = 1999, publisher = {Crossref Press}}',
      '@xdata{pub, publisher = {Xdata Press}, address = {Paris}}',
    ].join('\n'));
    assert.deepStrictEqual(parsed.entries.map((e) => e.key), ['child', 'proc']); // @xdata is not citable
    const child = parsed.entries[0];
    assert.strictEqual(child.title, 'Paper');
    assert.strictEqual(child.container, 'Proceedings of X');
    assert.strictEqual(child.year, '1999');
    assert.strictEqual(child.fields?.publisher, 'Xdata Press'); // xdata before crossref
    assert.strictEqual(child.fields?.address, 'Paris');
    assert.deepStrictEqual(parsed.problems, []);
  });

  it('never loops on a self-reference', () => {
    const parsed = parse('@book{self, crossref = {self}, title = {T}}');
    assert.deepStrictEqual(problemLines(parsed), ["0 warning Cyclic crossref/xdata: self -> self; 'self' does not inherit from 'self'"]);
  });

  it('computes the search fields: year from date, keywords split on , and ;, DOI and URL unescaped', () => {
    const parsed = parse('@online{k, date = {2021-03-04}, keywords = {a; b, c}, doi = {10.1000/x\\_y}, url = {https://e.org/a\\%20b}, abstract = {An {\\em abstract}}}');
    const k = parsed.entries[0];
    assert.deepStrictEqual([k.year, k.keywords, k.doi, k.url, k.abstract], ['2021', ['a', 'b', 'c'], '10.1000/x_y', 'https://e.org/a%20b', 'An abstract']);
  });

  it('ignores a `__proto__` field name instead of changing the fields object; keeps `constructor`', () => {
    const parsed = parse('@misc{k, __proto__ = {x}, title = {t}, constructor = {c}}');
    assert.strictEqual(Object.getPrototypeOf(parsed.entries[0].fields), Object.prototype);
    assert.strictEqual(parsed.entries[0].title, 't');
    assert.strictEqual(parsed.entries[0].fields?.constructor, 'c');
    assert.deepStrictEqual(problemLines(parsed), ["0 warning Field '__proto__' in entry 'k' is ignored"]);
  });
});

describe('keyedEntries of a BibTeX parse (the parse\'s own key map, not keyed again)', () => {
  /** The key map keyedEntries makes for a list it has not seen: a copy of the parse's. */
  const keyedAfresh = (entries: LibraryEntry[]) => keyedEntries([...entries]).byKey;

  it('maps every citable entry by its key, and nothing else: no @xdata, no duplicate, no entry that could not be read', () => {
    const nested = `@misc{first, title = {First}}\n@misc{deep, title = {${"\\'{".repeat(200)}e${'}'.repeat(200)}}}\n@misc{first, title = {Again}}\n@misc{last, title = {Last}}\n`;
    for (const parsed of [readMessy('biber-xdata.bib').parsed, readMessy('biber-examples.bib').parsed, parseBibtex(nested, 'nested.bib')]) {
      const keyed = keyedEntries(parsed.entries);
      assert.strictEqual(keyed.unique, parsed.entries);
      assert.deepStrictEqual([...keyed.byKey.keys()].sort(), [...keyedAfresh(parsed.entries).keys()].sort());
      for (const [key, entry] of keyed.byKey) assert.strictEqual(entry, keyedAfresh(parsed.entries).get(key), key);
    }
    assert.ok(!keyedEntries(readMessy('biber-xdata.bib').parsed.entries).byKey.has('macmillan:pub'), 'an @xdata entry is not citable');
    assert.ok(!keyedEntries(parseBibtex(nested, 'nested.bib').entries).byKey.has('deep'), 'an entry that could not be read');
  });

  it('holds after an edit read again in part', () => {
    const { text, parsed } = readMessy('biber-examples.bib');
    const at = text.indexOf('@', text.length >> 1);
    const edited = `${text.slice(0, at)}@misc{added, title = {Added}}\n${text.slice(at)}`;
    const reparsed = reparseBibtexEdit(parsed, text, edited);
    const keyed = keyedEntries(reparsed.entries);
    assert.strictEqual(keyed.byKey.get('added')?.title, 'Added');
    assert.deepStrictEqual([...keyed.byKey.keys()].sort(), [...keyedAfresh(reparsed.entries).keys()].sort());
  });
});

describe('reparseBibtexEdit', () => {
  /** A small deterministic random generator, so a failure can be replayed. */
  function randomFrom(seed: number): () => number {
    return () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
  }
  const PIECES = [
    '@', '{', '}', ',', '\n', '\n@misc{new, title = {x}}\n', 'a', ' ', '"', '=', '#', '%', 'jan', '\n@string{m = {v}}\n',
    '\n@misc{kid, crossref = {cr_m}}\n', 'crossref = {x},', '\n@book{cr_m, title = {P}}\n',
  ];

  const files = ['bbt-mendeley-export.bib', 'bbt-2660-plus-in-field-name.bib', 'bbt-873-quietly-discarded.bib', 'biber-crossrefs.bib'];
  for (const name of files) {
    it(`gives the same result as a full parse after each of 80 random edits of ${name}`, () => {
      const random = randomFrom(name.length);
      let text = readMessy(name).text;
      let parsed = parseBibtex(text, name);
      for (let step = 0; step < 80; step++) {
        const at = Math.floor(random() * text.length);
        const removed = random() < 0.5 ? Math.floor(random() * 30) : 0;
        const inserted = random() < 0.7 ? PIECES[Math.floor(random() * PIECES.length)] : '';
        const next = text.slice(0, at) + inserted + text.slice(at + removed);
        const incremental = reparseBibtexEdit(parsed, text, next);
        const full = parseBibtex(next, name);
        const edit = JSON.stringify({ step, at, removed, inserted });
        assert.deepStrictEqual(incremental.entries, full.entries, edit);
        assert.deepStrictEqual(incremental.problems, full.problems, edit);
        text = next;
        parsed = incremental;
      }
      assert.ok(parsed.entries.length > 5);
    });
  }

  it('moves the entries after an edit and reads the edited one again', () => {
    const text = '@misc{a, title = {One}}\n@misc{b, title = {Two}}\n\n@misc{c, title = {Three}}\n';
    const before = parseBibtex(text, 'x.bib');
    const edited = text.replace('{Two}', '{Two,\n  and more}');
    const after = reparseBibtexEdit(before, text, edited);
    assert.deepStrictEqual(after.entries.map((e) => [e.key, e.startLine, e.endLine, e.title]), [
      ['a', 0, 0, 'One'], ['b', 1, 2, 'Two, and more'], ['c', 4, 4, 'Three'],
    ]);
    assert.strictEqual(after.entries[0], before.entries[0]); // untouched entries before the edit are reused
    assert.strictEqual(edited.slice(after.entries[2].keyOffset, after.entries[2].keyOffset + 1), 'c');
  });
});
