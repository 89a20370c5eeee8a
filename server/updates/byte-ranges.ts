/**
 * HTTP range requests (RFC 9110 §14) for release files: electron-updater's differential download
 * asks for the changed blocks of an installer, up to a thousand ranges in one request, and reads
 * the answer as multipart/byteranges.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';

export interface ByteRange {
  /** First byte, inclusive. */
  start: number;
  /** Last byte, inclusive. */
  end: number;
}

/** More ranges than this in one request are ignored (the whole file is sent): electron-updater asks for at most 1,000. */
export const MAX_RANGES = 1024;

export type RangeRequest = { kind: 'whole' } | { kind: 'unsatisfiable' } | { kind: 'ranges'; ranges: ByteRange[] };

/**
 * Reads a Range header for a file of `size` bytes. A header that is absent, malformed, not in
 * bytes, or asks for too many ranges means the whole file (as RFC 9110 allows); ranges that all
 * start past the end are unsatisfiable (416).
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (!match) return { kind: 'whole' };
  const specs = match[1]!.split(',').map((spec) => spec.trim());
  if (specs.length > MAX_RANGES) return { kind: 'whole' };
  const ranges: ByteRange[] = [];
  for (const spec of specs) {
    const parts = /^(\d*)-(\d*)$/.exec(spec);
    if (!parts || (parts[1] === '' && parts[2] === '')) return { kind: 'whole' };
    if (parts[1] === '') {
      // A suffix: the last N bytes.
      const length = Number(parts[2]);
      if (length === 0) continue;
      ranges.push({ start: Math.max(0, size - length), end: size - 1 });
      continue;
    }
    const start = Number(parts[1]);
    const end = parts[2] === '' ? size - 1 : Math.min(Number(parts[2]), size - 1);
    if (parts[2] !== '' && Number(parts[2]) < start) return { kind: 'whole' };
    if (start >= size) continue;
    ranges.push({ start, end });
  }
  return ranges.length === 0 ? { kind: 'unsatisfiable' } : { kind: 'ranges', ranges };
}

export interface RangedBody {
  status: 200 | 206 | 416;
  headers: Record<string, string>;
  /** Absent for 416. */
  body?: Readable;
}

/**
 * The answer for a file and a parsed range request: the whole file (200), one range (206 with
 * Content-Range), several (206 multipart/byteranges, each part with its own Content-Range), or 416.
 */
export function rangedFileBody(path: string, size: number, contentType: string, request: RangeRequest): RangedBody {
  if (request.kind === 'unsatisfiable') {
    return { status: 416, headers: { 'content-range': `bytes */${size}` } };
  }
  if (request.kind === 'whole') {
    return { status: 200, headers: { 'content-type': contentType, 'content-length': String(size) }, body: createReadStream(path) };
  }
  if (request.ranges.length === 1) {
    const [{ start, end }] = request.ranges as [ByteRange];
    return {
      status: 206,
      headers: { 'content-type': contentType, 'content-range': `bytes ${start}-${end}/${size}`, 'content-length': String(end - start + 1) },
      body: createReadStream(path, { start, end }),
    };
  }
  const boundary = `nucuoi-${randomBytes(12).toString('hex')}`;
  const partHeads = request.ranges.map(
    ({ start, end }, index) =>
      `${index === 0 ? '' : '\r\n'}--${boundary}\r\ncontent-type: ${contentType}\r\ncontent-range: bytes ${start}-${end}/${size}\r\n\r\n`,
  );
  const tail = `\r\n--${boundary}--\r\n`;
  const length =
    partHeads.reduce((sum, head) => sum + Buffer.byteLength(head), 0) +
    request.ranges.reduce((sum, { start, end }) => sum + end - start + 1, 0) +
    Buffer.byteLength(tail);
  const { ranges } = request;
  async function* parts() {
    for (const [index, range] of ranges.entries()) {
      yield Buffer.from(partHeads[index]!);
      for await (const chunk of createReadStream(path, range)) yield chunk as Buffer;
    }
    yield Buffer.from(tail);
  }
  return {
    status: 206,
    headers: { 'content-type': `multipart/byteranges; boundary=${boundary}`, 'content-length': String(length) },
    body: Readable.from(parts()),
  };
}
