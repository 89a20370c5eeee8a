/**
 * Fake-camera footage of badge QR codes for Chromium's `--use-file-for-fake-video-capture`:
 * a badge QR made with `qrcode`, drawn on a badge-coloured card, then turned as a real camera
 * would see it (tilted, out of focus, in poor light), written as a Y4M (YUV 4:2:0) video.
 * Pure Node: no ffmpeg or ImageMagick needed.
 */
import QRCode from 'qrcode';
import { writeFileSync } from 'node:fs';

export interface FrameLook {
  /** Rotation in degrees. */
  rotateDeg?: number;
  /** Gaussian-like blur (three box passes) of about this many pixels. */
  blurPx?: number;
  /** Grey levels of the QR's dark and light modules (0–255): low contrast brings them close. */
  dark?: number;
  light?: number;
  /** Module size in pixels. */
  modulePx?: number;
}

export const WIDTH = 640;
export const HEIGHT = 480;

/** Greyscale picture (one byte per pixel) of the badge QR of `text` as the camera sees it. */
export function badgeFrame(text: string, look: FrameLook = {}): Uint8Array {
  const { rotateDeg = 0, blurPx = 0, dark = 20, light = 235, modulePx = 7 } = look;
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const size = qr.modules.size;
  const quiet = 4;
  const side = (size + 2 * quiet) * modulePx;
  const angle = (rotateDeg * Math.PI) / 180;
  const cos = Math.cos(angle);
  const sin = Math.sin(angle);
  const cx = WIDTH / 2;
  const cy = HEIGHT / 2;
  const background = Math.round(dark + (light - dark) * 0.55); // the room behind the card
  const image = new Uint8Array(WIDTH * HEIGHT);
  const samples = [0.25, 0.75];
  for (let y = 0; y < HEIGHT; y++) {
    for (let x = 0; x < WIDTH; x++) {
      let sum = 0;
      for (const sy of samples) {
        for (const sx of samples) {
          // Inverse rotation: where in the upright card this camera pixel falls.
          const dx = x + sx - cx;
          const dy = y + sy - cy;
          const u = cos * dx + sin * dy + side / 2;
          const v = -sin * dx + cos * dy + side / 2;
          if (u < 0 || v < 0 || u >= side || v >= side) {
            sum += background;
            continue;
          }
          const col = Math.floor(u / modulePx) - quiet;
          const row = Math.floor(v / modulePx) - quiet;
          const isDark = row >= 0 && col >= 0 && row < size && col < size && qr.modules.get(row, col) === 1;
          sum += isDark ? dark : light;
        }
      }
      image[y * WIDTH + x] = Math.round(sum / 4);
    }
  }
  return blurPx > 0 ? boxBlur3(image, Math.max(1, Math.round(blurPx))) : image;
}

/** Three passes of a box blur, horizontally and vertically: close to a Gaussian. */
function boxBlur3(image: Uint8Array, radius: number): Uint8Array {
  let current: Float32Array = Float32Array.from(image);
  for (let pass = 0; pass < 3; pass++) {
    current = blurLine(current, radius, true);
    current = blurLine(current, radius, false);
  }
  return Uint8Array.from(current, (value) => Math.max(0, Math.min(255, Math.round(value))));
}

function blurLine(source: Float32Array, radius: number, horizontal: boolean): Float32Array {
  const out = new Float32Array(source.length);
  const [outer, inner] = horizontal ? [HEIGHT, WIDTH] : [WIDTH, HEIGHT];
  const at = (o: number, i: number) => (horizontal ? o * WIDTH + i : i * WIDTH + o);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      let sum = 0;
      let count = 0;
      for (let k = Math.max(0, i - radius); k <= Math.min(inner - 1, i + radius); k++) {
        sum += source[at(o, k)]!;
        count++;
      }
      out[at(o, i)] = sum / count;
    }
  }
  return out;
}

/** Writes `frames` copies of a greyscale picture as a Y4M video (Chromium loops it). */
export function writeY4m(path: string, grey: Uint8Array, frames = 5): void {
  const header = Buffer.from(`YUV4MPEG2 W${WIDTH} H${HEIGHT} F10:1 Ip A1:1 C420jpeg\n`, 'ascii');
  const chroma = Buffer.alloc((WIDTH / 2) * (HEIGHT / 2) * 2, 128); // no colour
  const frame = Buffer.concat([Buffer.from('FRAME\n', 'ascii'), Buffer.from(grey), chroma]);
  writeFileSync(path, Buffer.concat([header, ...Array.from({ length: frames }, () => frame)]));
}
