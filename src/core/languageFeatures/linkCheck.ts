// VS Code's own Markdown link check (`markdown.validate.enabled`) reads `[@doe99]` as a reference
// link with no definition and reports it ("No link definition found", code link.no-such-reference).
import { Draft } from '../draft';

/** The code of VS Code's Markdown diagnostic for a reference link without a definition. */
export const NO_SUCH_REFERENCE = 'link.no-such-reference';

/** Whether text[start, end) of a draft lies inside a bracketed Pandoc citation: a citation, not a broken link. */
export function isInsideCitation(draft: Draft | string, start: number, end: number): boolean {
  return Draft.of(draft).pandocCitations.some((citation) => citation.kind === 'bracketed' && citation.start <= start && end <= citation.end);
}
