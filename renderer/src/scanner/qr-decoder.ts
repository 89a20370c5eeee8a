/**
 * Decodes badge QR codes from camera frames with zxing-wasm (ZXing-C++ compiled to WebAssembly).
 * The .wasm ships inside the app (Vite copies it into the build and gives us its URL): it is
 * never fetched from a CDN, which the kiosk's CSP and its offline counters would refuse anyway.
 */
import { prepareZXingModule, readBarcodes, type ReaderOptions } from 'zxing-wasm/reader';
import zxingWasmUrl from 'zxing-wasm/reader/zxing_reader.wasm?url';

let prepared = false;

function prepare(): void {
  if (prepared) return;
  prepared = true;
  prepareZXingModule({
    overrides: {
      locateFile: (path: string, prefix: string) => (path.endsWith('.wasm') ? zxingWasmUrl : prefix + path),
    },
    fireImmediately: false,
  });
}

/** Tuned for a badge held up to a camera: tilted, a little blurred, in poor light. */
const READER_OPTIONS: ReaderOptions = {
  formats: ['QRCode'],
  tryHarder: true,
  tryRotate: true,
  tryInvert: true,
  tryDownscale: true,
  tryDenoise: true,
  maxNumberOfSymbols: 1,
};

/** The text of the first QR code in the frame, or null. */
export async function decodeQrCode(frame: ImageData): Promise<string | null> {
  prepare();
  const results = await readBarcodes(frame, READER_OPTIONS);
  const found = results.find((result) => result.isValid && result.text.length > 0);
  return found ? found.text : null;
}
