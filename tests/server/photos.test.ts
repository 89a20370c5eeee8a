import jpeg from 'jpeg-js';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { cleanPhoto, PHOTO_MAX_SIDE, PhotoError } from '../../server/photos';

/** A photo as a phone makes it: a JPEG with an EXIF segment holding where and when it was taken. */
function jpegWithExif(width: number, height: number): Buffer {
  const pixels = Buffer.alloc(width * height * 4);
  for (let i = 0; i < pixels.length; i += 4) pixels.set([200, (i / 4) % 256, 80, 255], i);
  const plain = jpeg.encode({ width, height, data: pixels }, 90).data;
  const exif = Buffer.concat([Buffer.from('Exif\0\0'), Buffer.from('GPS 21.2731N 106.1946E; Canon EOS; 2026:11:23 08:14')]);
  const segment = Buffer.concat([Buffer.from([0xff, 0xe1]), Buffer.from([(exif.length + 2) >> 8, (exif.length + 2) & 0xff]), exif]);
  return Buffer.concat([plain.subarray(0, 2), segment, plain.subarray(2)]);
}

function png(width: number, height: number): Buffer {
  const image = new PNG({ width, height });
  image.data.fill(255);
  return PNG.sync.write(image);
}

const refusal = (bytes: Buffer) => {
  try {
    cleanPhoto(bytes);
    return 'kept';
  } catch (error) {
    return error instanceof PhotoError ? error.reason : `threw ${String(error)}`;
  }
};

describe('an officer’s photo as the server keeps it', () => {
  it('keeps a phone’s JPEG without its EXIF (place, camera, time): pixels only, scaled to fit 512 px', () => {
    const upload = jpegWithExif(1200, 900);
    expect(upload.includes('GPS 21.2731N')).toBe(true);
    const kept = cleanPhoto(upload);
    expect([kept.width, kept.height]).toEqual([PHOTO_MAX_SIDE, 384]);
    const bytes = Buffer.from(kept.dataUrl.replace('data:image/jpeg;base64,', ''), 'base64');
    expect(bytes.includes('Exif')).toBe(false);
    expect(bytes.includes('GPS')).toBe(false);
    expect(jpeg.decode(bytes).width).toBe(PHOTO_MAX_SIDE);
    expect(kept.dataUrl.length).toBeLessThan(400_000); // what a roster's photo may hold
  });

  it('turns a PNG into a JPEG, and leaves a small photo its size', () => {
    const kept = cleanPhoto(png(300, 400));
    expect(kept.dataUrl).toMatch(/^data:image\/jpeg;base64,/);
    expect([kept.width, kept.height]).toEqual([300, 400]);
  });

  it('refuses what is not an image, an image cut short, one 20,000 px wide, and a file over 5 MB', () => {
    expect(refusal(Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('photo_not_image');
    expect(refusal(Buffer.from('%PDF-1.7 not a photo'))).toBe('photo_not_image');
    const whole = jpegWithExif(400, 300);
    expect(refusal(whole.subarray(0, Math.floor(whole.length / 2)))).toBe('photo_not_image');
    const wholePng = png(200, 200);
    expect(refusal(wholePng.subarray(0, wholePng.length - 20))).toBe('photo_not_image');
    expect(refusal(png(20_000, 2))).toBe('photo_too_many_pixels');
    expect(refusal(Buffer.concat([whole, Buffer.alloc(5 * 1024 * 1024)]))).toBe('photo_too_big');
  });
});
