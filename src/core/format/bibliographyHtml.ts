import { escapeHtml } from '../html';

export interface BibliographyPage {
  /** The formatted references as HTML (formatBibliography), or why they could not be formatted. */
  references: { html: string; count: number } | { error: string };
  missing: string[];
  cspSource: string;
  styleUri: string;
  nonce: string;
}

/**
 * The bibliography preview page: the formatted references (formatBibliography's HTML, whose data it escapes)
 * and the keys no library defines. No script runs in it; the CSP allows only the extension's stylesheet.
 */
export function bibliographyHtml(page: BibliographyPage): string {
  const references = page.references;
  const count = 'count' in references ? references.count : 0;
  const body = 'error' in references
    ? `<p class="error">${escapeHtml(references.error)}</p>`
    : count > 0 ? references.html : '<p>This draft cites no entry of its libraries.</p>';
  const missing = page.missing.length === 0
    ? ''
    : `<h2>Not in any library (${page.missing.length})</h2><ul class="missing">${page.missing.map((key) => `<li><code>@${escapeHtml(key)}</code></li>`).join('')}</ul>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${escapeHtml(page.cspSource)} 'nonce-${escapeHtml(page.nonce)}'; img-src ${escapeHtml(page.cspSource)};">
<link rel="stylesheet" href="${escapeHtml(page.styleUri)}" nonce="${escapeHtml(page.nonce)}">
<title>Bibliography</title>
</head>
<body>
<h1>References (${count})</h1>
${body}
${missing}
</body>
</html>`;
}
