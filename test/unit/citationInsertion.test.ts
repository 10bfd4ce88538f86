import * as assert from 'assert';
import { Draft } from '../../src/core/draft';
import { citationInsertion } from '../../src/core/languageFeatures/citationInsertion';
import type { CitationFormat } from '../../src/core/languageFeatures/insertCitation';
import { citedKeys } from '../../src/core/languageFeatures/references';

describe('citationInsertion', () => {
  const LIBRARY = new Set(['knuth1984', 'lovelace1843', 'doe.']);
  /** The draft after inserting `keys` at its `|` (or over the `«…»` selection). */
  function insert(marked: string, keys: string[], format: CitationFormat = 'pandoc'): string {
    const selected = /«(.*)»/s.exec(marked);
    const text = selected ? marked.replace(/[«»]/g, '') : marked.replace('|', '');
    const start = selected ? selected.index : marked.indexOf('|');
    const end = selected ? start + selected[1].length : start;
    const insertion = citationInsertion(new Draft(text, '/d.md'), start, end, keys, format, (key) => LIBRARY.has(key));
    return text.slice(0, insertion.start) + insertion.text + text.slice(insertion.end);
  }

  it('writes a new citation in prose, or over a selection', () => {
    assert.strictEqual(insert('As shown |.', ['knuth1984']), 'As shown [@knuth1984].');
    assert.strictEqual(insert('As «TODO» shown.', ['knuth1984', 'lovelace1843']), 'As [@knuth1984; @lovelace1843] shown.');
    assert.strictEqual(insert('As shown |.', ['knuth1984'], 'latex'), 'As shown \\cite{knuth1984}.');
  });

  it('adds the keys to the citation the cursor is in, not a citation inside it (the student trial)', () => {
    // each of these was written `[@a, p. 99[@b]]`, `[@[@b]]`, `[@a; [@b]]`: pandoc drops the cited work
    assert.strictEqual(insert('See [@knuth1984, p. 99|].', ['lovelace1843']), 'See [@knuth1984, p. 99; @lovelace1843].');
    assert.strictEqual(insert('See [@|].', ['lovelace1843']), 'See [@lovelace1843].');
    assert.strictEqual(insert('See [@knuth1984; |].', ['lovelace1843']), 'See [@knuth1984; @lovelace1843].');
    assert.strictEqual(insert('See [@knuth1984;|].', ['lovelace1843']), 'See [@knuth1984; @lovelace1843].');
    assert.strictEqual(insert('See [|@knuth1984].', ['lovelace1843']), 'See [@lovelace1843; @knuth1984].');
    assert.strictEqual(insert('See [@knu|].', ['knuth1984', 'doe.']), 'See [@knuth1984; @{doe.}].');
    assert.strictEqual(insert('See [@knuth1984|].', ['lovelace1843']), 'See [@knuth1984; @lovelace1843].');
    assert.strictEqual(insert('See [see @knuth|1984, chap. 2].', ['lovelace1843']), 'See [see @knuth1984, chap. 2; @lovelace1843].');
  });

  it('writes a citation of its own inside escaped brackets, which are text', () => {
    assert.strictEqual(insert('See \\[@knuth1984, p. 99|\\].', ['lovelace1843']), 'See \\[@knuth1984, p. 99[@lovelace1843]\\].');
    assert.strictEqual(insert('See [@knuth1984, p. 99|\\].', ['lovelace1843']), 'See [@knuth1984, p. 99[@lovelace1843]\\].');
    // an escaped backslash escapes nothing after it
    assert.strictEqual(insert('See \\\\[@knuth1984, p. 99|].', ['lovelace1843']), 'See \\\\[@knuth1984, p. 99; @lovelace1843].');
  });

  it('completes a bare `@` typed in prose, and the result reads back as the keys chosen', () => {
    assert.strictEqual(insert('As @| shows.', ['knuth1984']), 'As @knuth1984 shows.');
    const written = insert('See [@knuth1984, p. 99|] and [@|].', ['doe.', 'lovelace1843']);
    assert.deepStrictEqual(citedKeys(written).map((cited) => cited.key), ['knuth1984', 'doe.', 'lovelace1843']);
  });
});
