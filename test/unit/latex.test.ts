import * as assert from 'assert';
import { latexToUnicode } from '../../src/core/library/latex';

describe('latexToUnicode', () => {
  const cases: [string, string][] = [
    ['{\\"o}', 'ö'],
    ['\\"{O}', 'Ö'],
    ["\\'e", 'é'],
    ["\\'{\\i}", 'í'],
    ["Garc{\\'{\\i}}a", 'García'],
    ['\\`a \\^o \\~n \\=u \\.z', 'à ô ñ ū ż'],
    ['\\c{c} \\c c', 'ç ç'],
    // TeX's \accent skips blanks before its letter: `G{\" o}del` as some exports write it
    ['G{\\" o}del, {\\\' e}, \\^ o', 'Gödel, é, ô'],
    ['\\v{s}\\v{C}', 'šČ'],
    ['\\H{o} \\k{a} \\r{a} \\u{g}', 'ő ą å ğ'],
    ['Stra\\ss{}e, \\o, \\O, \\ae, \\AE, \\oe, \\aa, \\l, \\L', 'Straße, ø, Ø, æ, Æ, œ, å, ł, Ł'],
    ['pages 1--2, a---b', 'pages 1–2, a—b'],
    ['Dr.~Who', 'Dr. Who'],
    ['\\& \\% \\$ \\_ \\#', '& % $ _ #'],
    ['\\textasciitilde{}x', '~x'],
    ['{The {DNA} of {\\emph{Mice}}}', 'The DNA of Mice'],
    ['\\emph{x} and \\textbf{y} and {\\em z}', 'x and y and z'],
    ['$\\alpha$-helix in $O(n^2)$', 'α-helix in O(n^2)'],
    ['``quoted\'\'', '“quoted”'],
    ['\\href{https://x.org}{link text}', 'link text'],
    ['  spread\n\tover   lines ', 'spread over lines'],
    ['plain', 'plain'],
  ];
  for (const [input, expected] of cases) {
    it(`${JSON.stringify(input)} -> ${JSON.stringify(expected)}`, () => {
      assert.strictEqual(latexToUnicode(input), expected);
    });
  }

  it('never leaves a command or a brace from hostile input behind, and terminates', () => {
    const hostile = '\\input{/etc/passwd} <script>alert(1)</script> {\\unknown{{{x} \\';
    assert.strictEqual(latexToUnicode(hostile), '/etc/passwd <script>alert(1)</script> x');
  });
});
