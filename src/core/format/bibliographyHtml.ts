import { escapeHtml } from '../html';
import type { CslItem } from '../types';
import { formatBibliography } from './format';

export interface BibliographyPage {
  items: CslItem[];
  missing: string[];
  style: string;
  cspSource: string;
  styleUri: string;
  nonce: string;
}

/**
 * The bibliography preview page: the formatted references (citation-js HTML, whose data it escapes)
 * and the keys no library defines. No script runs in it; the CSP allows only the extension's stylesheet.
 */
export function bibliographyHtml(page: BibliographyPage): string {
  let body: string;
  try {
    body = page.items.length > 0 ? formatBibliography(page.items, { style: page.style, format: 'html' }) : '<p>This draft cites no entry of its libraries.</p>';
  } catch (error) {
    body = `<p class="error">${escapeHtml((error as Error).message)}</p>`;
  }
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
<h1>References (${page.items.length})</h1>
${body}
${missing}
</body>
</html>`;
}
