/**
 * The app's icons, made from one source image (assets/icons/nu-cuoi.svg) by `npm run icons` and
 * committed: every size electron-builder needs is there, of that size, and made from the source as
 * it is now.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './electron-builder';

const read = (path: string) => readFileSync(join(repoRoot, path));

/** Width and height of a PNG (its IHDR chunk). */
function pngSize(png: Buffer): { width: number; height: number } {
  expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG signature').toBe(true);
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

describe('the icons', () => {
  it('are made from the source image as it is now (run `npm run icons` after changing it)', () => {
    const recorded = read('build/icons/source.sha256').toString('utf8').split(/\s+/)[0];
    expect(recorded).toBe(createHash('sha256').update(read('assets/icons/nu-cuoi.svg').toString('utf8')).digest('hex'));
  });

  it.each([16, 24, 32, 48, 64, 128, 256, 512, 1024])('Linux: build/icons/%ix%i.png has that size', (size) => {
    expect(pngSize(read(`build/icons/${size}x${size}.png`))).toEqual({ width: size, height: size });
  });

  it('the window and AppImage icon is 512×512', () => {
    expect(pngSize(read('build/icon.png'))).toEqual({ width: 512, height: 512 });
  });

  it('Windows: build/icon.ico holds 16 to 256 pixels, each frame a PNG of its declared size', () => {
    const ico = read('build/icon.ico');
    expect(ico.readUInt16LE(0)).toBe(0);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const declared = ico.readUInt8(entry) || 256;
      const length = ico.readUInt32LE(entry + 8);
      const offset = ico.readUInt32LE(entry + 12);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual({ width: declared, height: declared });
      sizes.push(declared);
    }
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256]);
  });
});
