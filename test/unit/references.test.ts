import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { findKeyOccurrences } from '../../src/core/languageFeatures/references';

const fixtures = path.resolve(__dirname, '../fixtures/features');
const read = (name: string) => ({ path: path.join(fixtures, name), text: fs.readFileSync(path.join(fixtures, name), 'utf8') });

describe('findKeyOccurrences', () => {
  const draft = read('draft.md');
  const crlf = read('draft-crlf.md');

  it('finds every citation of a key, in nocite, narrative, bracketed and braced forms, and nothing else', () => {
    const occurrences = findKeyOccurrences([draft, crlf], 'baez/article');
    for (const occurrence of occurrences) {
      assert.strictEqual(occurrence.path, draft.path);
      assert.strictEqual(draft.text.slice(occurrence.start, occurrence.end), 'baez/article');
    }
    // Each citation by the text right around it; code, fenced code, comment, e-mail, `\@`, longer keys excluded.
    const contexts = occurrences.map((occurrence) => draft.text.slice(occurrence.start - 3, occurrence.end + 2));
    assert.deepStrictEqual(contexts, [' @{baez/article}\n', 's @baez/article s', ' -@baez/article, ', ' @{baez/article} ', ' [@baez/article].']);
  });

  it('finds keys across drafts, with CRLF line ends, and not in code spans', () => {
    const inline = { path: '/drafts/inline.md', text: 'See `[@Chau2020]` and [@Marvin2020; @Chau2020, p. 2].' };
    const occurrences = findKeyOccurrences([crlf, inline], 'Chau2020');
    assert.deepStrictEqual(
      occurrences.map((occurrence) => [path.basename(occurrence.path), occurrence.start]),
      [['draft-crlf.md', crlf.text.indexOf('@Chau2020') + 1], ['draft-crlf.md', crlf.text.indexOf('\n@Chau2020') + 2], ['inline.md', inline.text.lastIndexOf('Chau2020')]],
    );
    assert.deepStrictEqual(findKeyOccurrences([crlf, inline], 'Marvin2020').length, 2);
    assert.deepStrictEqual(findKeyOccurrences([crlf, inline], 'chau2020'), [], 'keys are case-sensitive');
  });

  it('reads `nocite` written on one line; `@*` and other fields give no key', () => {
    const text = '---\ntitle: x\nnocite: "@a, @{b.}, @*"\nbibliography: refs.bib\n---\nnocite: @a\n';
    const occurrences = (key: string) => findKeyOccurrences([{ path: 'd.md', text }], key).map((occurrence) => text.slice(occurrence.start - 2, occurrence.end + 1));
    // The second `@a` is an ordinary citation in the body.
    assert.deepStrictEqual(occurrences('a'), ['"@a,', ' @a\n']);
    assert.deepStrictEqual(occurrences('b.'), ['@{b.}']);
    assert.deepStrictEqual(occurrences('bibliography'), []);
  });

  it('finds nothing in a draft without citations', () => {
    assert.deepStrictEqual(findKeyOccurrences([{ path: 'a.md', text: '' }, { path: 'b.md', text: 'mail me at a@b.org' }], 'b.org'), []);
  });
});
