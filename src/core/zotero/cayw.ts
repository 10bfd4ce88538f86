// Client for Better BibTeX's "Cite as you Write" endpoint, the Zotero citation picker served on Zotero's
// local HTTP server. Sources for the protocol:
// - BBT docs, "Cite as you Write" (retorquere/zotero-better-bibtex, site/content/citing/cayw.md):
//   GET http://localhost:23119/better-bibtex/cayw; `probe` (any non-empty value) answers `ready` without
//   opening the picker; `format` picks the output (`latex`, `biblatex`, `pandoc`, ...); for `pandoc`,
//   `brackets` (any non-empty value) wraps the citation in `[...]`.
// - BBT source, content/cayw.ts: the probe answers 200 text/plain `ready` (or `starting` while BBT loads);
//   a pick answers 200 `text/html; charset=utf-8` with the citation, or an EMPTY body when the user closes
//   the picker without choosing anything; a failure answers 500 `CAYW failed: <message>\n<stack>`.
// - content/cayw/formatter.ts: pandoc citations are `@key`, `-@key`, `prefix @key, p. 4 suffix`, joined by `; `.
import * as http from 'node:http';

export type ZoteroCiteFormat = 'pandoc' | 'latex' | 'biblatex';

export interface ZoteroEndpoint {
  port?: number;
  /** 127.0.0.1 by default: Zotero listens on IPv4 only, and `localhost` may resolve to ::1 first. */
  host?: string;
  timeoutMs?: number;
}

export interface ZoteroCiteOptions extends ZoteroEndpoint {
  format?: ZoteroCiteFormat;
  /** Pandoc only: wrap the citation in brackets, `[@a; @b]` rather than `@a; @b`. Default true. */
  brackets?: boolean;
  /** Abort the request, e.g. when the user cancels the editor's progress notification. */
  signal?: AbortSignal;
}

export type ZoteroCiteResult =
  | { ok: true; text: string; keys: string[] }
  | { ok: false; reason: 'not-running' | 'timeout' | 'cancelled' | 'error'; message: string };

export const ZOTERO_PORT = 23119;
const DEFAULT_HOST = '127.0.0.1';
/** The picker waits for the user, so a pick may legitimately take minutes. */
const PICK_TIMEOUT_MS = 5 * 60_000;
const PROBE_TIMEOUT_MS = 1500;
/** A citation is a few hundred bytes; anything far larger is not an answer from BBT. */
const MAX_BODY_BYTES = 64 * 1024;

type Answer =
  | { kind: 'body'; status: number; text: string }
  | { kind: 'failed'; reason: 'not-running' | 'timeout' | 'cancelled' | 'error'; message: string };

/** In a key: white space (a line break) or an invisible character (controls, bidi overrides, unassigned code points). */
const UNTYPABLE = /[\s\p{C}]/u;

/** Opens the Zotero citation picker and returns what the user picked, formatted for the draft. */
export async function zoteroCite(options: ZoteroCiteOptions = {}): Promise<ZoteroCiteResult> {
  const format = options.format ?? 'pandoc';
  const query = new URLSearchParams({ format });
  if (format === 'pandoc' && options.brackets !== false) query.set('brackets', '1');
  const answer = await get(`/better-bibtex/cayw?${query}`, options, options.timeoutMs ?? PICK_TIMEOUT_MS);
  if (answer.kind === 'failed') return { ok: false, reason: answer.reason, message: answer.message };
  if (answer.status !== 200) return { ok: false, reason: 'error', message: httpFailure(answer.status, answer.text) };
  const text = answer.text.trim();
  if (text === '') return { ok: false, reason: 'cancelled', message: 'No reference was picked in Zotero.' };
  const keys = citedKeys(text, format);
  if (keys.length === 0) {
    return { ok: false, reason: 'error', message: `Zotero answered with text that holds no citation key: ${preview(text)}` };
  }
  const untypable = keys.find((key) => UNTYPABLE.test(key));
  if (untypable !== undefined) {
    const shown = untypable.replace(new RegExp(UNTYPABLE, 'gu'), (c) => `\\u{${c.codePointAt(0)!.toString(16)}}`);
    return { ok: false, reason: 'error', message: `Zotero answered with a key no one could type (a line break, space or invisible control such as a bidi override): '${shown}'. It was refused.` };
  }
  return { ok: true, text, keys };
}

/** True when Zotero is running with Better BibTeX loaded and ready to show its picker. */
export async function zoteroIsRunning(options: ZoteroEndpoint = {}): Promise<boolean> {
  const answer = await get('/better-bibtex/cayw?probe=true', options, options.timeoutMs ?? PROBE_TIMEOUT_MS);
  return answer.kind === 'body' && answer.status === 200 && answer.text.trim() === 'ready';
}

/** Keys cited in a CAYW answer: `@key` / `@{key}` for pandoc, `\cmd[..]{a,b}` for LaTeX formats. */
export function citedKeys(text: string, format: ZoteroCiteFormat): string[] {
  if (format === 'pandoc') {
    return [...text.matchAll(/(?<![\p{L}\p{N}_])-?@(?:\{([^{}]+)\}|([\p{L}\p{N}_][^\s;,\]]*))/gu)].map((match) =>
      match[1] ?? match[2].replace(/[:.#$%&\-+?<>~/]+$/, ''),
    );
  }
  return [...text.matchAll(/\\[A-Za-z]+\*?(?:\[[^\]]*\])*\{([^{}]*)\}/g)].flatMap((match) =>
    match[1].split(',').map((key) => key.trim()).filter(Boolean),
  );
}

function httpFailure(status: number, body: string): string {
  if (status === 404) return 'Zotero is running but Better BibTeX did not answer (HTTP 404). Is Better BibTeX installed and enabled?';
  const detail = body.split('\n')[0].trim();
  return `Zotero could not make the citation (HTTP ${status})${detail ? `: ${preview(detail)}` : '.'}`;
}

/** Shortens a text for a one-line message and drops control characters. */
function preview(text: string): string {
  const clean = text.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > 120 ? `${clean.slice(0, 120)}…` : clean;
}

function get(path: string, endpoint: ZoteroEndpoint & { signal?: AbortSignal }, timeoutMs: number): Promise<Answer> {
  const host = endpoint.host ?? DEFAULT_HOST;
  const port = endpoint.port ?? ZOTERO_PORT;
  const where = `${host}:${port}`;
  return new Promise((resolve) => {
    let settled = false;
    const finish = (answer: Answer) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      endpoint.signal?.removeEventListener('abort', onAbort);
      request.destroy();
      resolve(answer);
    };
    const fail = (reason: 'not-running' | 'timeout' | 'cancelled' | 'error', message: string) =>
      finish({ kind: 'failed', reason, message });
    const onAbort = () => fail('cancelled', 'The Zotero citation request was cancelled.');

    const request = http.get({ host, port, path, headers: { Accept: 'text/plain, text/html' } }, (response) => {
      const chunks: Buffer[] = [];
      let size = 0;
      response.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > MAX_BODY_BYTES) {
          fail('error', `Zotero's answer is larger than ${MAX_BODY_BYTES / 1024} KiB; it is not a citation, so it was dropped.`);
          return;
        }
        chunks.push(chunk);
      });
      response.on('end', () => {
        let text: string;
        try {
          text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
        } catch {
          fail('error', `Zotero's answer is not valid UTF-8 text, so it was dropped.`);
          return;
        }
        if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/.test(text)) {
          fail('error', `Zotero's answer holds control characters; it is not a citation, so it was dropped.`);
          return;
        }
        finish({ kind: 'body', status: response.statusCode ?? 0, text });
      });
      response.on('error', (error) => fail('error', `The connection to Zotero broke: ${error.message}`));
    });
    request.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ECONNREFUSED') {
        fail('not-running', `Zotero with Better BibTeX is not running (nothing answers on ${where}).`);
      } else {
        fail('error', `Could not talk to Zotero on ${where}: ${error.code ?? error.message}.`);
      }
    });
    const timer = setTimeout(
      () => fail('timeout', `Zotero did not answer on ${where} within ${formatSeconds(timeoutMs)}.`),
      timeoutMs,
    );
    if (endpoint.signal?.aborted) onAbort();
    else endpoint.signal?.addEventListener('abort', onAbort);
  });
}

function formatSeconds(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 100) / 10} s`;
}
