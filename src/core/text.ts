import type { Position } from './types';

/** Converts UTF-16 offsets in a text to 0-based line/character positions and back. */
export class LineIndex {
  private readonly lineStarts: number[] = [0];

  constructor(readonly text: string) {
    for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) this.lineStarts.push(i + 1);
  }

  get lineCount(): number {
    return this.lineStarts.length;
  }

  positionAt(offset: number): Position {
    let low = 0;
    let high = this.lineStarts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (this.lineStarts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low, character: offset - this.lineStarts[low] };
  }

  offsetAt(position: Position): number {
    const start = this.lineStarts[Math.min(position.line, this.lineStarts.length - 1)] ?? 0;
    return Math.min(start + position.character, this.text.length);
  }

  lineText(line: number): string {
    const start = this.lineStarts[line];
    const next = this.lineStarts[line + 1];
    return this.text.slice(start, next === undefined ? undefined : next - 1).replace(/\r$/, '');
  }
}

/**
 * Why a draft cannot be Markdown, or undefined when it can: a NUL in its first 8 KiB (bytes as read, or
 * text as an editor decoded it), or bytes that are not UTF-8.
 */
export function notTextReason(content: Uint8Array | string): string | undefined {
  const head = content.slice(0, 8192);
  if (typeof head === 'string' ? head.includes('\0') : head.includes(0)) return 'it is not a text file (it holds NUL bytes): not checked';
  if (typeof content === 'string') return undefined;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(content);
    return undefined;
  } catch {
    return 'it is not UTF-8 text: not checked';
  }
}

/** `1 source`, `2 sources`; `nouns`: the plural when it is not the noun and an s (`entries`). */
export function plural(count: number, noun: string, nouns = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : nouns}`;
}

/**
 * A YAML parser's error message without the position and the excerpt it ends with (`Map keys must be
 * unique at line 49, column 5:` and the lines): the problem gives the line, in the file's own count.
 */
export function yamlErrorText(message: string): string {
  return message.replace(/ at line \d+, column \d+:?[\s\S]*$/u, '').split('\n')[0];
}
