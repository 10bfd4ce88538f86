/** A half-open span [start, end) of UTF-16 offsets in a document. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Spans of a Markdown text where Pandoc reads no citations, tags or prose: YAML front matter,
 * fenced and indented code blocks, code spans, HTML comments, raw HTML/LaTeX blocks and math.
 * Sorted by start and not overlapping.
 */
export function ignoredSpans(text: string): Span[] {
  const spans: Span[] = [];
  const add = (start: number, end: number) => spans.push({ start, end });

  const frontMatter = /^---[ \t]*\r?\n[\s\S]*?\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(text);
  if (frontMatter) add(0, frontMatter[0].length);

  const patterns = [
    /^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?(?:\n {0,3}\2[`~]*[ \t]*(?=\r?\n|$)|$(?![\s\S]))/gm, // fenced code
    /<!--[\s\S]*?(?:-->|$(?![\s\S]))/g, // HTML comment
    /(`+)(?!`)[\s\S]*?[^`]\1(?!`)/g, // code span
    /\$\$[\s\S]+?\$\$/g, // display math
    /(?<![\\$])\$(?![\s$])(?:[^$\n\\]|\\.)+?(?<!\s)\$(?!\d)/g, // inline math, as Pandoc's tex_math_dollars
  ];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const start = match.index;
      if (!isInside(spans, start)) add(start, start + match[0].length);
    }
    spans.sort((a, b) => a.start - b.start);
  }
  return spans;
}

function isInside(spans: Span[], offset: number): boolean {
  return spans.some((span) => offset >= span.start && offset < span.end);
}

/** Binary search: is `offset` inside one of the sorted, non-overlapping `spans`? */
export function inSpans(spans: Span[], offset: number): boolean {
  let low = 0;
  let high = spans.length - 1;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (offset < spans[mid].start) high = mid - 1;
    else if (offset >= spans[mid].end) low = mid + 1;
    else return true;
  }
  return false;
}
