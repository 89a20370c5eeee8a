// `npm run icons`: the app's icons from their one source image, assets/icons/nu-cuoi.svg, drawn by
// Debian's Chromium (the e2e harness's, so no image library is needed):
//   build/icons/<n>x<n>.png   16 … 1024, for Linux (electron-builder's linux.icon folder)
//   build/icon.png            512×512, for the window and the AppImage
//   build/icon.ico            16 … 256 as PNG frames, for Windows (the exe and the installer)
//   build/icons/source.sha256 the source's sha256: tests/packaging/icons.test.ts fails when the
//                             source changed and the icons were not made again.
// The made files are committed: the build machine needs no Chromium for them. Run with tsx (the
// harness is TypeScript): the npm script does.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { launchChromium } = await import('../tests/e2e/harness.ts');

export const SOURCE = join(root, 'assets/icons/nu-cuoi.svg');
const PNG_SIZES = [16, 24, 32, 48, 64, 128, 256, 512, 1024];
const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256];

const svg = readFileSync(SOURCE, 'utf8');
mkdirSync(join(root, 'build/icons'), { recursive: true });
const browser = await launchChromium();
const pngs = new Map();
try {
  const page = await browser.newPage();
  for (const size of PNG_SIZES) {
    await page.setViewportSize({ width: size, height: size });
    await page.setContent(
      `<html><body style="margin:0;background:transparent">${svg.replace('<svg ', `<svg style="display:block;width:${size}px;height:${size}px" `)}</body></html>`,
    );
    const png = await page.screenshot({ omitBackground: true, clip: { x: 0, y: 0, width: size, height: size } });
    pngs.set(size, png);
    writeFileSync(join(root, `build/icons/${size}x${size}.png`), png);
  }
} finally {
  await browser.close();
}
writeFileSync(join(root, 'build/icon.png'), pngs.get(512));

// ICO: a 6-byte header, a 16-byte entry per frame, then the frames (PNG, as Windows Vista and later read).
const frames = ICO_SIZES.map((size) => pngs.get(size));
const header = Buffer.alloc(6 + 16 * frames.length);
header.writeUInt16LE(0, 0);
header.writeUInt16LE(1, 2);
header.writeUInt16LE(frames.length, 4);
let offset = header.length;
ICO_SIZES.forEach((size, index) => {
  const entry = 6 + 16 * index;
  header.writeUInt8(size >= 256 ? 0 : size, entry);
  header.writeUInt8(size >= 256 ? 0 : size, entry + 1);
  header.writeUInt8(0, entry + 2);
  header.writeUInt8(0, entry + 3);
  header.writeUInt16LE(1, entry + 4);
  header.writeUInt16LE(32, entry + 6);
  header.writeUInt32LE(frames[index].length, entry + 8);
  header.writeUInt32LE(offset, entry + 12);
  offset += frames[index].length;
});
writeFileSync(join(root, 'build/icon.ico'), Buffer.concat([header, ...frames]));
writeFileSync(join(root, 'build/icons/source.sha256'), `${createHash('sha256').update(svg).digest('hex')}  assets/icons/nu-cuoi.svg\n`);
console.log(`icons: build/icon.ico (${ICO_SIZES.join(', ')}), build/icon.png, build/icons/ (${PNG_SIZES.join(', ')})`);
