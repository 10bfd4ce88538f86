import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { parseBibtex } from '../../src/core/library/bibtex';
import { parseCodebook } from '../../src/core/themes/codebook';
import { buildMatrix } from '../../src/core/themes/matrix';
import { matrixHtml, matrixToCsv, matrixToMarkdown, synthesisHtml, synthesisMarkdown } from '../../src/core/themes/matrixHtml';

const fixtures = path.resolve(__dirname, '../fixtures/themes');
const read = (file: string) => fs.readFileSync(path.join(fixtures, file), 'utf8');
const options = { nonce: 'r4nd0mN0nce', cspSource: 'https://file+.vscode-resource.vscode-cdn.net', scriptUri: 'media/matrix.js', styleUri: 'media/matrix.css' };

/** Every tag of the page, with its attribute names; data that escaped into markup would show up here. */
function startTags(html: string): { name: string; attributes: string[] }[] {
  const tags: { name: string; attributes: string[] }[] = [];
  for (const match of html.matchAll(/<([a-zA-Z][\w-]*)((?:\s+[\w-]+(?:="[^"]*")?)*)\s*\/?>/g)) {
    tags.push({ name: match[1].toLowerCase(), attributes: [...match[2].matchAll(/\s([\w-]+)/g)].map((attribute) => attribute[1].toLowerCase()) });
  }
  return tags;
}

describe('synthesis matrix webview and exports', () => {
  const codebook = parseCodebook(read('hostile-themes.yaml'), 'hostile-themes.yaml');
  const library = parseBibtex(read('hostile.bib'), 'hostile.bib');
  const draft = { path: 'hostile.md', text: read('hostile.md') };
  const matrix = buildMatrix(codebook, [draft], library.entries);

  it('builds a matrix from the hostile fixtures', () => {
    assert.deepStrictEqual(library.problems, []);
    assert.deepStrictEqual(matrix.rows.map((row) => row.total), [1, 1, 1]);
    assert.ok(matrix.rows.some((row) => row.label.includes('<img src=x onerror=alert(1)>')));
    assert.ok(matrix.rows.some((row) => row.label.includes('<script>alert(1)</script>')));
  });

  it('renders every bib field, theme and passage as text, under a strict CSP with a nonce', () => {
    const html = matrixHtml(matrix, options);
    const tags = startTags(html);
    const allowed = new Set(['html', 'head', 'meta', 'title', 'link', 'style', 'body', 'header', 'input', 'select', 'option', 'button', 'p', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'span', 'small', 'section', 'h2', 'ul', 'script']);
    assert.deepStrictEqual(tags.filter((tag) => !allowed.has(tag.name)).map((tag) => tag.name), []);
    assert.deepStrictEqual(tags.flatMap((tag) => tag.attributes).filter((name) => name.startsWith('on')), []);
    assert.strictEqual((html.match(/<script/gi) ?? []).length, 2, 'only the data block and matrix.js');
    assert.strictEqual((html.match(/<img/gi) ?? []).length, 0);
    assert.ok(html.includes('&#60;img src=x onerror=alert(1)&#62;'), 'author shown as text');
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'), 'title shown as text');
    assert.ok(!html.includes('javascript:'), 'no link is made from a field');

    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
    assert.ok(csp, 'CSP meta present');
    assert.match(csp[1], /default-src 'none'/);
    assert.match(csp[1], /script-src 'nonce-r4nd0mN0nce'(;|$)/);
    assert.doesNotMatch(csp[1], /unsafe-inline|unsafe-eval/);
    for (const script of html.matchAll(/<script[^>]*>/g)) assert.match(script[0], /nonce="r4nd0mN0nce"/);

    const data = /<script type="application\/json" id="matrix-data" nonce="r4nd0mN0nce">([\s\S]*?)<\/script>/.exec(html);
    assert.ok(data);
    assert.doesNotMatch(data[1], /[<>]/);
    assert.deepStrictEqual(JSON.parse(data[1]), JSON.parse(JSON.stringify(matrix)), 'the JSON block still carries the exact matrix');
  });

  it('says, when the codebook has no themes, that the tags count once their theme is listed (the researcher trial)', () => {
    const empty = (codebookText: string) => /<p id="empty" >([^<]*)<\/p>/.exec(matrixHtml(buildMatrix(parseCodebook(codebookText, 't.yaml'), [draft], library.entries), options))?.[1];
    assert.match(empty('')!, /^No themes in the codebook yet: list them in themes\.yaml/);
    assert.match(empty('themes:\n  - id: unused\n')!, /^No tagged passages or tagged sources yet/);
    assert.strictEqual(empty(read('hostile-themes.yaml')), undefined, 'hidden when there are rows');
  });

  it('puts only valid codebook colours into CSS', () => {
    const html = matrixHtml(matrix, options);
    const style = /<style nonce="r4nd0mN0nce">([\s\S]*?)<\/style>/.exec(html)![1];
    assert.deepStrictEqual([...style.matchAll(/--theme-color: ([^;]*);/g)].map((match) => match[1]), ['#2f6f8f']);
    const tampered = { ...matrix, themes: matrix.themes.map((theme) => ({ ...theme, color: 'red;} body { display: none' })) };
    const tamperedStyle = /<style nonce="r4nd0mN0nce">([\s\S]*?)<\/style>/.exec(matrixHtml(tampered, options))![1];
    assert.strictEqual(tamperedStyle.trim(), '');
  });

  it('exports CSV by RFC 4180 with formula cells neutralised', () => {
    const csv = matrixToCsv(matrix);
    assert.ok(csv.endsWith('\r\n'));
    const lines = csv.replace(/^\uFEFF/, '').split('\r\n');
    assert.strictEqual(lines[0], 'Key,Source,media passages,media ✓,media/radio passages,media/radio ✓,Passages');
    const formula = lines.find((line) => line.startsWith('formula2020'));
    assert.strictEqual(formula, `formula2020,"'=HYPERLINK(""http://evil.example"",""x"") (2020)",1,,1,,1`);
    for (const line of lines.slice(1, -1)) {
      const fields = line.match(/("(?:[^"]|"")*"|[^,]*)(,|$)/g)!.map((field) => field.replace(/,$/, ''));
      for (const field of fields) assert.doesNotMatch(field.replace(/^"/, ''), /^[=+\-@]/, line);
    }
  });

  it('exports CSV a spreadsheet reads right: a UTF-8 byte-order mark, counts and ✓ marks in separate columns', () => {
    const bib = parseBibtex('@book{kovac2019, author = {Kovač, Ana}, title = {Mir}, year = 2019}\n@book{smith2020, author = {Smith, J.}, title = {T}, year = 2020}\n', 'k.bib');
    const themes = parseCodebook('themes:\n  - id: peace\n    label: Peace\nsources:\n  smith2020: [peace]\n', 'themes.yaml');
    const small = buildMatrix(themes, [{ path: 'review.md', text: 'Kovač on peace [@kovac2019]. #peace\n\nAgain [@kovac2019]. #peace\n' }], bib.entries);
    const bytes = Buffer.from(matrixToCsv(small), 'utf8');
    assert.deepStrictEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf], 'UTF-8 BOM');
    assert.strictEqual(
      bytes.subarray(3).toString('utf8'),
      'Key,Source,peace passages,peace ✓,Passages\r\nkovac2019,Kovač (2019),2,,2\r\nsmith2020,Smith (2020),0,✓,0\r\n',
    );
  });

  it('exports the synthesis table in Markdown: each passage quoted under its source and theme, escaped', () => {
    const markdown = synthesisMarkdown(matrix);
    const [header, rule, ...rows] = markdown.trimEnd().split('\n');
    assert.strictEqual(header, '| Source | Theme | Passage |');
    assert.strictEqual(rule, '| --- | --- | --- |');
    assert.strictEqual(rows.length, 3);
    for (const row of rows) assert.strictEqual(row.split(/(?<!\\)\|/).length, 5, row);
    assert.strictEqual(rows[0], '| "\\>\\<img src=x onerror=alert(1)\\> (2021) | Media | “A paragraph \\<script\\>alert(\'draft\')\\</script\\> citing \\[@xss2021\\].” (hostile.md:3) |');
    assert.ok(rows[1].includes('| Media › Radio \\| \\<b\\>airwaves\\</b\\> |'), rows[1]);
    assert.ok(!/(?<!\\)<(script|img|b)/.test(markdown));
  });

  it('exports the synthesis table in HTML: a page without scripts, every string as text', () => {
    const html = synthesisHtml(matrix);
    const tags = startTags(html);
    const allowed = new Set(['html', 'head', 'meta', 'title', 'style', 'body', 'h1', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'blockquote', 'cite', 'p']);
    assert.deepStrictEqual(tags.filter((tag) => !allowed.has(tag.name)).map((tag) => tag.name), []);
    assert.deepStrictEqual(tags.flatMap((tag) => tag.attributes).filter((name) => name.startsWith('on')), []);
    assert.strictEqual(tags.filter((tag) => tag.name === 'blockquote').length, 3);
    assert.ok(html.includes('<blockquote>A paragraph &#60;script&#62;alert(&#39;draft&#39;)&#60;/script&#62; citing [@xss2021].</blockquote><cite>hostile.md:3</cite>'));
  });

  it('groups the synthesis table by source and theme, with ✓ rows for themes given in the codebook', () => {
    const bib = parseBibtex('@book{kovac2019, author = {Kovač, Ana}, title = {Mir}, year = 2019}\n', 'k.bib');
    const themes = parseCodebook('themes:\n  - id: peace\n    label: Peace\n  - id: media\n    parent: peace\n    label: Media\nsources:\n  kovac2019: [media]\n', 'themes.yaml');
    const text = 'One [@kovac2019]. #peace\n\nTwo [@kovac2019]. #peace\n\n## Media #media\n\nThree [@kovac2019].\n';
    const small = buildMatrix(themes, [{ path: 'review.md', text }], bib.entries);
    assert.strictEqual(synthesisMarkdown(small), [
      '| Source | Theme | Passage |',
      '| --- | --- | --- |',
      '| Kovač (2019) | Peace | “One \\[@kovac2019\\].” (review.md:1) |',
      '|  |  | “Two \\[@kovac2019\\].” (review.md:3) |',
      '|  | Peace › Media | Section “Media” (review.md:5) |',
      '|  |  | ✓ the whole source is given this theme in the codebook |',
      '',
    ].join('\n'));
    const html = synthesisHtml(small);
    assert.ok(html.includes('<tr><th scope="rowgroup" rowspan="4">Kovač (2019)</th><td class="theme" rowspan="2">Peace</td>'), html);
    assert.ok(html.includes('<tr><td class="theme" rowspan="2">Peace › Media</td><td><p>Section “Media”</p><cite>review.md:5</cite></td></tr>'), html);
  });

  it('exports a Markdown table with pipes and markup escaped', () => {
    const markdown = matrixToMarkdown(matrix);
    const [header, rule, ...rest] = markdown.split('\n');
    assert.strictEqual(header, '| Source | Media | ↳ Radio \\| <b>airwaves</b> | Passages |'.replace('<b>airwaves</b>', '\\<b\\>airwaves\\</b\\>'));
    assert.strictEqual(rule, '| --- | ---: | ---: | ---: |');
    const rows = rest.filter((line) => line.startsWith('|'));
    assert.strictEqual(rows.length, matrix.rows.length);
    for (const row of rows) assert.strictEqual(row.split(/(?<!\\)\|/).length, 6, row);
    assert.ok(!/(?<!\\)<script/.test(markdown));
  });
});
