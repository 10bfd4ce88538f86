import * as assert from 'assert';
import { ignoredSpans, inSpans, markdownBlocks, spanAt, type Span } from '../../src/core/markdown/regions';
import { citationCases } from '../fixtures/pandoc/cases';
import { syntheticDraft } from '../fixtures/pandoc/draft';

const ignoredTexts = (text: string) => ignoredSpans(text).map((span) => text.slice(span.start, span.end));

function assertSortedApart(spans: Span[], label: string): void {
  spans.forEach((span, i) => {
    assert.ok(span.start < span.end, `${label}: empty span at ${span.start}`);
    if (i > 0) assert.ok(spans[i - 1].end <= span.start, `${label}: spans overlap at ${span.start}`);
  });
}

/** Median time of `run` in ms, after a warm-up. */
function medianMs(run: () => void, times = 15): number {
  for (let i = 0; i < 3; i++) run();
  const spent: number[] = [];
  for (let i = 0; i < times; i++) {
    const start = performance.now();
    run();
    spent.push(performance.now() - start);
  }
  return spent.sort((a, b) => a - b)[times >> 1];
}

// Each expectation follows what pandoc 2.17 does with the text (checked with `pandoc -t native`).
const expectations: Array<[string, string, string[]]> = [
  ['front matter', '---\ntitle: x\n---\n\nText @a', ['---\ntitle: x\n---\n']],
  ['front matter closed by dots, CRLF', '---\r\ntitle: x\r\n...\r\nText', ['---\r\ntitle: x\r\n...\r\n']],
  ['dashes then a blank line are no front matter', '---\n\ntitle: x\n---\n', []],
  ['metadata block inside the text', 'Text\n\n---\nfoo: bar\n---\n\nMore', ['---\nfoo: bar\n---\n']],
  ['dashes around prose are no metadata', 'Text\n\n---\nfoo bar\n---\n', []],
  ['fenced code', '```\n@a\n```\ntext', ['```\n@a\n```\n']],
  ['a longer closing fence', '~~~\n@a\n~~~~~\nx', ['~~~\n@a\n~~~~~\n']],
  ['a shorter fence does not close', '````\n@a\n```\n````\nx', ['````\n@a\n```\n````\n']],
  ['an unterminated fence is text', '```\n@a\n', []],
  ['fenced code in a block quote', '> ```\n> @a\n> ```\n', ['> ```\n> @a\n> ```\n']],
  ['indented code with a blank line inside', 'Para.\n\n    code @a\n\n    more\n\nText', ['    code @a\n\n    more\n']],
  ['an indented paragraph of a list item', '- item\n\n    para @a\n', []],
  ['code inside a list item', '1.  item\n\n        code\n', ['        code\n']],
  ['a lazy continuation line', 'Text\n    lazy\n', []],
  ['code right after a heading', '# H\n    code\n', ['    code\n']],
  ['code spans', 'a ``x ` y`` b `c`', ['``x ` y``', '`c`']],
  ['an unmatched run gives up one backtick', '````\n@d\n```', ['```\n@d\n```']],
  ['dollar math', '$a$ and $ b$ and $5 and $6 and $$x$$', ['$a$', '$$x$$']],
  ['backslash escapes', '\\$5 \\@a \\[x\\] \\\\@b', ['\\$', '\\@', '\\[', '\\]', '\\\\']],
  ['comments, and an unterminated one', '<!-- x\n\ny --> <!-- open', ['<!-- x\n\ny -->']],
  [
    'HTML tags and autolinks, not <@a>',
    'a <span title="@a">b</span> <br/> <http://x.org/@a> <j@x.org> <@a>',
    ['<span title="@a">', '</span>', '<br/>', '<http://x.org/@a>', '<j@x.org>'],
  ],
  [
    'raw pre and script elements',
    '<pre>\n@a\n</pre> <script src="x">s</script> <pre>open',
    ['<pre>\n@a\n</pre>', '<script src="x">s</script>', '<pre>'],
  ],
  [
    'raw LaTeX',
    '\\emph{@a} \\foo {x}{y} \\textit[o]{@b} \\foo @c \\begin{eq}\n@d\n\\end{eq}',
    ['\\emph{@a}', '\\foo {x}{y}', '\\textit', '\\foo', '\\begin{eq}\n@d\n\\end{eq}'],
  ],
  [
    'link destinations with balanced parentheses',
    '[t](http://x/@a "t @b") [u](a(b)c) [v](open ![i](j)',
    ['(http://x/@a "t @b")', '(a(b)c)', '(j)'],
  ],
  [
    'reference definitions, not notes or citation labels',
    '[foo]: http://x/@a "T"\n[^n]: note @b\n[see @c]: u',
    [' http://x/@a "T"'],
  ],
];

describe('ignoredSpans', () => {
  for (const [name, text, expected] of expectations) {
    it(name, () => assert.deepStrictEqual(ignoredTexts(text), expected));
  }

  it('gives sorted, non-overlapping spans on every citation case and on a long draft', () => {
    for (const { name, text } of citationCases) assertSortedApart(ignoredSpans(text), name);
    const { text } = syntheticDraft(40_000, 1_000);
    const spans = ignoredSpans(text);
    assertSortedApart(spans, 'draft');
    // Every '@' the draft hides in code, math, comments, link targets and escapes is covered.
    for (const hidden of ['@notakey', '@commented', '@handle', '@escaped', '@y$', '@code', '@math']) {
      let count = 0;
      for (let at = text.indexOf(hidden); at !== -1; at = text.indexOf(hidden, at + 1), count++) {
        assert.ok(inSpans(spans, at), `${hidden} at ${at} is not ignored`);
      }
      assert.ok(count > 0, `${hidden} is not in the draft`);
    }
  });

  it('reads the captions of a Quarto chunk (Quarto renders their citations), not its code', () => {
    // (manuscript.qmd of a Quarto manuscript met in a user trial: `#| tbl-cap: Results from @key …` was never checked)
    const text = '```{r}\n#| label: tbl-results\n#| tbl-cap: Results from @known2020\n#| fig-subcap:\nx <- "@code"\n```\n';
    const spans = ignoredSpans(text);
    assertSortedApart(spans, 'chunk');
    assert.ok(!inSpans(spans, text.indexOf('@known2020')));
    assert.ok(inSpans(spans, text.indexOf('@code')));
    assert.ok(inSpans(spans, text.indexOf('tbl-results')));
  });

  it('finds the span holding an offset', () => {
    const text = 'a `b` c $d$ e';
    const spans = ignoredSpans(text);
    assert.strictEqual(inSpans(spans, text.indexOf('b')), true);
    assert.strictEqual(inSpans(spans, text.indexOf('c')), false);
    assert.strictEqual(inSpans(spans, text.indexOf('$')), true);
    assert.strictEqual(inSpans(spans, text.length), false);
    assert.deepStrictEqual(spanAt(spans, text.indexOf('d')), { start: text.indexOf('$'), end: text.indexOf(' e') });
  });

  it('reads a 40,000-word draft in a few milliseconds', () => {
    const { text, words } = syntheticDraft(40_000, 1_000);
    assert.ok(words >= 40_000 && text.length > 250_000);
    const ms = medianMs(() => ignoredSpans(text));
    // A complexity check, not a speed figure: measured about 1-3 ms idle; a quadratic scan would take
    // seconds, and the ceiling leaves room for a loaded machine.
    assert.ok(ms < 250, `ignoredSpans took ${ms.toFixed(1)} ms on ${text.length} characters`);
  });

  it('stays linear on text full of unclosed constructs', () => {
    const n = 100_000;
    const hostile = {
      backticks: '`` ` x '.repeat(n / 7),
      runs: Array.from({ length: n / 12 }, (_, i) => '`'.repeat(1 + (i % 9)) + ' x '.padEnd(3)).join(''),
      dollars: '$a $'.repeat(n / 4),
      comments: '<!-- x '.repeat(n / 7),
      pre: '<pre> x '.repeat(n / 8),
      environments: '\\begin{x} '.repeat(n / 10),
      arguments: '\\x{ '.repeat(n / 4),
      links: '](( '.repeat(n / 4),
      lists: '- `a\n'.repeat(n / 5),
    };
    for (const [name, text] of Object.entries(hostile)) {
      const start = performance.now();
      ignoredSpans(text);
      const ms = performance.now() - start;
      // Quadratic work on these 100 KB texts takes many seconds.
      assert.ok(ms < 1000, `${name}: ${ms.toFixed(0)} ms`);
    }
  });
});

describe('markdownBlocks: breaks', () => {
  it('ends paragraphs at blank lines, list items, table rows and cells', () => {
    const text = 'a\n\n- x\n- y\n\n| a | b \\| c |\n|---|---|\n| d | e |\n';
    const lineStart = (line: string) => text.indexOf(`\n${line}`) + 1;
    const bars = (row: string) => [...row.matchAll(/(?<!\\)\|/g)].map((bar) => lineStart(row) + bar.index);
    assert.deepStrictEqual(markdownBlocks(text).breaks, [
      2, // the blank line after "a"
      lineStart('- x'),
      lineStart('- y'),
      lineStart('\n| a'),
      ...bars('| a | b \\| c |'),
      lineStart('|---'),
      ...bars('|---|---|'),
      lineStart('| d'),
      ...bars('| d | e |'),
      text.length, // the empty last line
    ]);
  });

  it('keeps list markers inside a paragraph and pipes outside tables as text', () => {
    assert.deepStrictEqual(markdownBlocks('Text\n- not a list | nor a table').breaks, []);
  });
});
