/** A cache header as JSON.parse gives it, to be damaged field by field. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any shape goes in a crafted header
export type Header = Record<string, any>;

/**
 * Damages an encoded library cache: `crafted(change)` is the cache with its header and section bytes
 * changed by `change`, laid out again as the encoder does (the sections start at the first multiple
 * of 8 after the header line).
 */
export function cacheCrafter(encoded: Buffer): (change: (header: Header, bytes: Buffer) => void) => Buffer {
  const newline = encoded.indexOf(10);
  const body = encoded.subarray((newline + 8) & ~7);
  return (change) => {
    const header = JSON.parse(encoded.subarray(0, newline).toString('utf8'));
    const bytes = Buffer.from(body);
    change(header, bytes);
    const line = Buffer.from(`${JSON.stringify(header)}\n`);
    return Buffer.concat([line, Buffer.alloc(((line.length + 7) & ~7) - line.length), bytes]);
  };
}
