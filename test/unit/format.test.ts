import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { formatBibliography, formatCitationShort, formatReference, warmUpFormatter } from '../../src/core/format/format';
import type { CslItem } from '../../src/core/types';

const fixtures = path.resolve(__dirname, '../fixtures/format');

const article: CslItem = {
  id: 'vaswani2017',
  type: 'article-journal',
  title: 'Attention is all you need',
  author: [
    { family: 'Vaswani', given: 'Ashish' },
    { family: 'Shazeer', given: 'Noam' },
  ],
  issued: { 'date-parts': [[2017]] },
  'container-title': 'Advances in Neural Information Processing Systems',
  volume: '30',
  page: '5998-6008',
};

const book: CslItem = {
  id: 'manning1999',
  type: 'book',
  title: 'Foundations of statistical natural language processing',
  author: [
    { family: 'Manning', given: 'Christopher D.' },
    { family: 'Schütze', given: 'Hinrich' },
  ],
  issued: { 'date-parts': [[1999]] },
  publisher: 'MIT Press',
};

describe('formatting references', () => {
  before(() => warmUpFormatter());

  it('formats a journal article in APA 7 by default', () => {
    assert.strictEqual(
      formatReference(article),
      'Vaswani, A., & Shazeer, N. (2017). Attention is all you need. Advances in Neural Information Processing Systems, 30, 5998–6008.',
    );
  });

  it('formats a book in APA 7, italic title in HTML', () => {
    assert.strictEqual(formatReference(book), 'Manning, C. D., & Schütze, H. (1999). Foundations of statistical natural language processing. MIT Press.');
    assert.strictEqual(
      formatReference(book, { format: 'html' }),
      'Manning, C. D., &#38; Schütze, H. (1999). <i>Foundations of statistical natural language processing</i>. MIT Press.',
    );
  });

  it('orders a bibliography as the style says (APA: by author)', () => {
    const lines = formatBibliography([article, book]).split('\n');
    assert.strictEqual(lines.length, 2);
    assert.match(lines[0], /^Manning/);
    assert.match(lines[1], /^Vaswani/);
  });

  it('uses a .csl file given by path', () => {
    assert.strictEqual(
      formatReference(book, { style: path.join(fixtures, 'tiny.csl') }),
      'Manning & Schütze - FOUNDATIONS OF STATISTICAL NATURAL LANGUAGE PROCESSING [1999]',
    );
  });

  it('picks up an edited .csl file', () => {
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-format-'));
    const file = path.join(folder, 'mine.csl');
    const tiny = fs.readFileSync(path.join(fixtures, 'tiny.csl'), 'utf8');
    fs.writeFileSync(file, tiny);
    assert.match(formatReference(book, { style: file }), / - FOUNDATIONS/);
    fs.writeFileSync(file, tiny.replace('<text value=" - "/>', '<text value=" = "/>'));
    fs.utimesSync(file, new Date(), new Date(Date.now() + 5000));
    assert.match(formatReference(book, { style: file }), / = FOUNDATIONS/);
  });

  it('explains a style it cannot use instead of crashing', () => {
    assert.throws(() => formatReference(book, { style: path.join(fixtures, 'missing.csl') }), /Cannot read the CSL style .*missing\.csl/);
    assert.throws(() => formatReference(book, { style: 'chicago-author-date' }), /Unknown citation style 'chicago-author-date'/);
    assert.throws(() => formatReference(book, { style: path.join(fixtures, 'broken.csl') }), /The CSL style .*broken\.csl cannot be used/);
    const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'citemark-format-'));
    const notCsl = path.join(folder, 'notes.csl');
    fs.writeFileSync(notCsl, '<html><body>not a style</body></html>');
    assert.throws(() => formatReference(book, { style: notCsl }), /is not a CSL style/);
    // The formatter still works afterwards.
    assert.match(formatReference(book), /^Manning/);
  });

  it('escapes hostile field text and keys in HTML', () => {
    const hostile: CslItem = {
      id: 'x" onmouseover="alert(1)',
      type: 'article-journal',
      title: 'Evil <script>alert(1)</script> and "><img src=x onerror=alert(1)>',
      author: [{ family: '<b onclick="alert(2)">Mallory</b>' }],
      'container-title': '<span class="nocase" onclick="alert(3)">Journal</span> <i onmouseover="alert(4)">x</i>',
      issued: { 'date-parts': [[2020]] },
    };
    const html = formatBibliography([hostile], { format: 'html' });
    for (const tag of html.match(/<[^>]*>/g) ?? []) {
      assert.match(tag, /^<\/?(div|i|b|span|sup|sub)( (class|data-csl-entry-id|style)="[^"<>]*")*>$/, `unexpected tag ${tag}`);
    }
    assert.ok(!/<(script|img)/i.test(html), html);
    assert.ok(html.includes('data-csl-entry-id="x&#34; onmouseover=&#34;alert(1)"'), html);
    assert.ok(html.includes('&#60;script&#62;alert(1)&#60;/script&#62;'), html);
    assert.ok(formatReference(hostile, { format: 'html' }).includes('&#60;img src=x onerror=alert(1)&#62;'));
  });

  it('makes short labels without citeproc', () => {
    assert.strictEqual(formatCitationShort(article), 'Vaswani & Shazeer (2017)');
    assert.strictEqual(formatCitationShort({ ...article, author: [{ family: 'Vaswani' }] }), 'Vaswani (2017)');
    assert.strictEqual(formatCitationShort({ ...article, author: [{ family: 'A' }, { family: 'B' }, { family: 'C' }] }), 'A et al. (2017)');
    assert.strictEqual(formatCitationShort({ id: 'wb2020', type: 'report', author: [{ literal: 'World Bank' }], issued: { literal: 'Spring 2020' } }), 'World Bank (2020)');
    assert.strictEqual(formatCitationShort({ id: 'anon', type: 'webpage', title: 'An untitled page' }), 'An untitled page (n.d.)');
  });
});
