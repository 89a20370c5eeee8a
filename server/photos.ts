/**
 * Officers' photos (docs/badges.md "Photos"): an upload is decoded (JPEG or PNG only), refused if it
 * is not one, is truncated, or is too large in bytes or in pixels (checked from its header before
 * anything is decoded), then scaled to fit PHOTO_MAX_SIDE and encoded again as a plain JPEG. What is
 * kept holds pixels only: no EXIF (camera, place, time), no comment, no colour profile, nothing of
 * the file that came in. Pure JavaScript (pngjs, jpeg-js): nothing to install on the server.
 */
import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';

/** What an upload may weigh. */
export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** The longest side of a stored photo, in pixels (the kiosk shows it at most a few hundred wide). */
export const PHOTO_MAX_SIDE = 512;
/** Uploads larger than this, in pixels, are refused before decoding: a small file can claim a huge image. */
export const PHOTO_MAX_INPUT_SIDE = 10_000;
export const PHOTO_MAX_INPUT_PIXELS = 40_000_000;

export type PhotoRefusal = 'photo_too_big' | 'photo_not_image' | 'photo_too_many_pixels';

export class PhotoError extends Error {
  constructor(readonly reason: PhotoRefusal) {
    super(reason);
  }
}

type Kind = 'jpeg' | 'png';

function kindOf(bytes: Buffer): Kind | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
  if (bytes.length >= 8 && bytes.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) return 'png';
  return null;
}

/**
 * A file that ends where its format says it ends: a JPEG with its end-of-image marker, a PNG with
 * its IEND chunk. Both decoders would otherwise show a cut-short upload half grey.
 */
function isComplete(bytes: Buffer, kind: Kind): boolean {
  if (kind === 'jpeg') return bytes.length >= 4 && bytes[bytes.length - 2] === 0xff && bytes[bytes.length - 1] === 0xd9;
  return bytes.length >= 12 && bytes.subarray(bytes.length - 8, bytes.length - 4).toString('latin1') === 'IEND';
}

/** Width and height as the file's header states them, or null when it does not say. */
function statedSize(bytes: Buffer, kind: Kind): { width: number; height: number } | null {
  if (kind === 'png') return bytes.length >= 24 ? { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) } : null;
  let at = 2;
  while (at + 9 < bytes.length) {
    if (bytes[at] !== 0xff) return null;
    const marker = bytes[at + 1]!;
    if (marker === 0xff) {
      at += 1;
      continue;
    }
    const length = bytes.readUInt16BE(at + 2);
    // Start of frame (baseline, progressive, …; not DHT, JPG or DAC).
    if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
      return { height: bytes.readUInt16BE(at + 5), width: bytes.readUInt16BE(at + 7) };
    }
    at += 2 + length;
  }
  return null;
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array;
}

function decode(bytes: Buffer, kind: Kind): Rgba {
  try {
    if (kind === 'png') {
      const png = PNG.sync.read(bytes);
      return { width: png.width, height: png.height, data: png.data };
    }
    const image = jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true, tolerantDecoding: false, maxResolutionInMP: PHOTO_MAX_INPUT_PIXELS / 1e6, maxMemoryUsageInMB: 512 });
    return image;
  } catch {
    throw new PhotoError('photo_not_image');
  }
}

/** Scales to fit `side` by averaging each target pixel's source area, over white (transparency has no place on a badge photo). */
function scaled(image: Rgba, side: number): Rgba {
  const factor = Math.min(1, side / Math.max(image.width, image.height));
  const width = Math.max(1, Math.round(image.width * factor));
  const height = Math.max(1, Math.round(image.height * factor));
  const out = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) {
    const y0 = Math.floor((y * image.height) / height);
    const y1 = Math.max(y0 + 1, Math.floor(((y + 1) * image.height) / height));
    for (let x = 0; x < width; x++) {
      const x0 = Math.floor((x * image.width) / width);
      const x1 = Math.max(x0 + 1, Math.floor(((x + 1) * image.width) / width));
      let r = 0;
      let g = 0;
      let b = 0;
      let n = 0;
      for (let sy = y0; sy < y1; sy++) {
        for (let sx = x0; sx < x1; sx++) {
          const i = (sy * image.width + sx) * 4;
          const alpha = image.data[i + 3]! / 255;
          r += image.data[i]! * alpha + 255 * (1 - alpha);
          g += image.data[i + 1]! * alpha + 255 * (1 - alpha);
          b += image.data[i + 2]! * alpha + 255 * (1 - alpha);
          n += 1;
        }
      }
      const o = (y * width + x) * 4;
      out[o] = Math.round(r / n);
      out[o + 1] = Math.round(g / n);
      out[o + 2] = Math.round(b / n);
      out[o + 3] = 255;
    }
  }
  return { width, height, data: out };
}

/**
 * The photo to keep for an upload: a JPEG of at most PHOTO_MAX_SIDE pixels a side as a data URL
 * (what the roster carries to kiosks, and what the kiosk's officer card shows), or a PhotoError.
 */
export function cleanPhoto(bytes: Buffer): { dataUrl: string; width: number; height: number; bytes: number } {
  if (bytes.length > PHOTO_MAX_BYTES) throw new PhotoError('photo_too_big');
  const kind = kindOf(bytes);
  if (!kind) throw new PhotoError('photo_not_image');
  const size = statedSize(bytes, kind);
  if (!size || size.width === 0 || size.height === 0 || !isComplete(bytes, kind)) throw new PhotoError('photo_not_image');
  if (size.width > PHOTO_MAX_INPUT_SIDE || size.height > PHOTO_MAX_INPUT_SIDE || size.width * size.height > PHOTO_MAX_INPUT_PIXELS) {
    throw new PhotoError('photo_too_many_pixels');
  }
  const image = scaled(decode(bytes, kind), PHOTO_MAX_SIDE);
  const encoded = jpeg.encode({ width: image.width, height: image.height, data: Buffer.from(image.data) }, 82).data;
  return { dataUrl: `data:image/jpeg;base64,${encoded.toString('base64')}`, width: image.width, height: image.height, bytes: encoded.length };
}
