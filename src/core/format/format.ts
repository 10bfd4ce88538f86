// Formatted references through citation-js and citeproc-js: APA 7 by default, the other bundled
// styles by name (apa, harvard1, vancouver), any CSL file by path.
//
// HTML safety: citeproc escapes `<`, `>` and `&` in field text and rebuilds only its own rich-text
// tags (<i>, <b>, <sup>, <sub>, small caps, nocase), but it writes the item id into an attribute
// unescaped (`data-csl-entry-id="a" onmouseover="…"` from a hostile key). So ids are replaced by
// safe ones while formatting and escaped when put back, and the output then goes through an
// allow-list of tags and attributes: anything else is escaped as text.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { citationJs, type StyleRegister } from '../citationJs';
import { escapeHtml } from '../html';
import type { CslItem } from '../types';


export interface FormatOptions {
  /** A bundled style name (`apa`, `harvard1`, `vancouver`) or the path of a `.csl` file. Default `apa`. */
  style?: string;
  format?: 'text' | 'html';
  /** A locale bundled with citation-js (en-US, de-DE, es-ES, fr-FR, nl-NL). Default `en-US`. */
  locale?: string;
}

const BUNDLED_STYLES = ['apa', 'harvard1', 'vancouver'];
const CSL_NAMESPACE = 'http://purl.org/net/xbiblio/csl';
const SAFE_ID = /data-csl-entry-id="citemark-(\d+)"/g;

/** A .csl file as registered: re-read only when its size or modification time changes. */
interface RegisteredStyle {
  size: number;
  mtimeMs: number;
  template: string;
}
const registeredFiles = new Map<string, RegisteredStyle>();

function styles(): StyleRegister {
  return citationJs().plugins.config.get('@csl').styles;
}

/** A CSL style is a few hundred kilobytes at most. */
const MAX_STYLE_BYTES = 10 * 1024 * 1024;

/** The citation-js template name for a style option, registering a .csl file on first use. */
function templateFor(style = 'apa'): string {
  if (!style.toLowerCase().endsWith('.csl')) {
    if (styles().has(style)) return style;
    throw new Error(`Unknown citation style '${style}': use ${BUNDLED_STYLES.join(', ')} or the path of a .csl file.`);
  }
  const file = path.resolve(style);
  let stat: fs.Stats;
  let xml: string;
  try {
    stat = fs.statSync(file);
    // never a FIFO or device (readFileSync would wait or read forever), never a huge file
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > MAX_STYLE_BYTES) throw new Error(`${(stat.size / 1024 / 1024).toFixed(1)} MB is too large for a style`);
    const known = registeredFiles.get(file);
    if (known && known.size === stat.size && known.mtimeMs === stat.mtimeMs) return known.template;
    xml = fs.readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`Cannot read the CSL style ${file}: ${(error as Error).message}`);
  }
  if (!/<style[\s>]/.test(xml) || !xml.includes(CSL_NAMESPACE)) {
    throw new Error(`${file} is not a CSL style: no <style> element in the ${CSL_NAMESPACE} namespace.`);
  }
  // The name carries a hash of the content: citation-js caches one engine per name, so an edited
  // file must get a new one.
  const template = `citemark-${path.basename(file, path.extname(file))}-${createHash('sha1').update(xml).digest('hex').slice(0, 12)}`;
  if (!styles().has(template)) {
    styles().add(template, xml);
    try {
      render([{ id: 'check', type: 'book', title: 'Check' }], template, 'text', 'en-US');
    } catch (error) {
      styles().delete(template);
      throw new Error(`The CSL style ${file} cannot be used: ${(error as Error).message}`);
    }
  }
  registeredFiles.set(file, { size: stat.size, mtimeMs: stat.mtimeMs, template });
  return template;
}

function render(items: object[], template: string, format: 'text' | 'html', locale: string): string {
  return new (citationJs().Cite)(items, { generateGraph: false }).format('bibliography', { format, template, lang: locale });
}

const ALLOWED_TAG = /^<\/?(div|span|i|b|sup|sub|br)((\s+(class|data-csl-entry-id)="[^"<>]*")|(\s+style="[a-z\s:;-]*"))*\s*\/?>$/;

/** Keeps the tags citeproc writes for formatting; any other tag-like text is escaped. */
function allowListHtml(html: string): string {
  return html.replace(/<[^>]*>?/g, (tag) => (ALLOWED_TAG.test(tag) ? tag : escapeHtml(tag)));
}

/** Formatted references, in the style's order: plain text lines or a `csl-bib-body` HTML block. */
export function formatBibliography(items: CslItem[], options: FormatOptions = {}): string {
  if (items.length === 0) return '';
  const format = options.format ?? 'text';
  const template = templateFor(options.style);
  const safeItems = items.map((item, index) => ({ ...item, id: `citemark-${index}` }));
  let output: string;
  try {
    output = render(safeItems, template, format, options.locale ?? 'en-US');
  } catch (error) {
    throw new Error(`Cannot format ${items.length === 1 ? `'${items[0].id}'` : `${items.length} references`} with the style ${options.style ?? 'apa'}: ${(error as Error).message}`);
  }
  if (format === 'text') return output.trimEnd();
  return allowListHtml(output).replace(SAFE_ID, (_match, index: string) => `data-csl-entry-id="${escapeHtml(items[Number(index)].id)}"`).trim();
}

/** One formatted reference: plain text, or HTML safe to put in a webview or hover (no block wrapper). */
export function formatReference(item: CslItem, options: FormatOptions = {}): string {
  const output = formatBibliography([item], options);
  if (options.format !== 'html') return output;
  const entry = /<div[^>]*class="csl-entry"[^>]*>([\s\S]*)<\/div>\s*<\/div>$/.exec(output);
  return (entry ? entry[1] : output).trim();
}

function yearOf(item: CslItem): string | undefined {
  const issued = item.issued as { 'date-parts'?: unknown[][]; literal?: string; raw?: string } | undefined;
  const year = issued?.['date-parts']?.[0]?.[0] ?? /\d{4}/.exec(issued?.literal ?? issued?.raw ?? '')?.[0];
  return year === undefined || year === null || year === '' ? undefined : String(year);
}

function shortName(name: { family?: string; literal?: string; given?: string }): string {
  return name.family ?? name.literal ?? name.given ?? '';
}

/** "Smith (2010)", "Smith & Jones (2010)", "Smith et al. (2010)": a short label, without citeproc. */
export function formatCitationShort(item: CslItem): string {
  const people = ((item.author ?? item.editor ?? []) as Array<{ family?: string; literal?: string; given?: string }>).map(shortName).filter((name) => name);
  let who: string;
  if (people.length === 0) who = typeof item.title === 'string' && item.title ? item.title : item.id;
  else if (people.length === 1) who = people[0];
  else if (people.length === 2) who = `${people[0]} & ${people[1]}`;
  else who = `${people[0]} et al.`;
  return `${who} (${yearOf(item) ?? 'n.d.'})`;
}

/**
 * Pays the first-use cost of a style (locale and style parsing, about 0.7 s) ahead of time. Call it
 * off the typing path. It never throws: a style that cannot be used reports when it is used.
 */
export function warmUpFormatter(style = 'apa'): void {
  try {
    formatReference({ id: 'warm-up', type: 'article-journal', title: 'Warm-up', author: [{ family: 'Citemark' }], issued: { 'date-parts': [[2020]] } }, { style });
  } catch {
    // Reported on the first real use of the style.
  }
}
