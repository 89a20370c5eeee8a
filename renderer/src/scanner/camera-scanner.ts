/**
 * Watches the kiosk's camera for badge QR codes and hands each code to the scan router. Frames
 * are decoded in the renderer and never stored or sent anywhere.
 */
import { decodeQrCode } from './qr-decoder';
import { routeScan } from './scan-router';

/** Frames decoded per second: enough to feel instant, light enough for a mini-PC. */
const FRAME_INTERVAL_MS = 200;
/** Largest frame side given to the decoder; bigger frames are scaled down first. */
const MAX_FRAME_SIDE = 960;
/**
 * A badge held in front of the camera is one scan: the same code counts again only after it has
 * been out of sight this long (otherwise holding the badge would log in, then out).
 */
export const SAME_CODE_ABSENCE_MS = 2_000;

export interface CameraScannerOptions {
  /** Shows the camera's picture (the staff screen does, to help aim); without it nothing is shown. */
  video?: HTMLVideoElement | null;
  onError?: (error: unknown) => void;
  onScan?: (code: string) => void;
  /** For tests and devices with several cameras. */
  constraints?: MediaTrackConstraints;
}

/** Remembers the code in view so that a badge held still counts once. */
export class SameCodeFilter {
  private lastCode: string | null = null;
  private lastSeenAt = -Infinity;

  /** True when `code` seen at `now` is a new scan. */
  accept(code: string | null, now: number): boolean {
    if (code === null) return false;
    const isRepeat = code === this.lastCode && now - this.lastSeenAt < SAME_CODE_ABSENCE_MS;
    this.lastCode = code;
    this.lastSeenAt = now;
    return !isRepeat;
  }
}

/** Starts the camera and the decoding loop; resolves to the function that stops both. */
export async function startCameraScanner(options: CameraScannerOptions = {}): Promise<() => void> {
  const stream = await navigator.mediaDevices.getUserMedia({
    audio: false,
    video: options.constraints ?? { width: { ideal: 1280 }, height: { ideal: 720 } },
  });
  const video = options.video ?? document.createElement('video');
  video.muted = true;
  video.playsInline = true;
  video.srcObject = stream;
  await video.play().catch(() => undefined);

  const canvas = document.createElement('canvas');
  const context = canvas.getContext('2d', { willReadFrequently: true });
  const filter = new SameCodeFilter();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const tick = async () => {
    if (stopped) return;
    try {
      if (context && video.readyState >= HTMLMediaElement.HAVE_CURRENT_DATA && video.videoWidth > 0) {
        const scale = Math.min(1, MAX_FRAME_SIDE / Math.max(video.videoWidth, video.videoHeight));
        canvas.width = Math.round(video.videoWidth * scale);
        canvas.height = Math.round(video.videoHeight * scale);
        context.drawImage(video, 0, 0, canvas.width, canvas.height);
        const code = await decodeQrCode(context.getImageData(0, 0, canvas.width, canvas.height));
        if (!stopped && filter.accept(code, performance.now()) && code !== null) {
          options.onScan?.(code);
          routeScan(code, 'camera');
        }
      }
    } catch (error) {
      options.onError?.(error);
    }
    if (!stopped) timer = setTimeout(() => void tick(), FRAME_INTERVAL_MS);
  };
  void tick();

  return () => {
    stopped = true;
    clearTimeout(timer);
    for (const track of stream.getTracks()) track.stop();
    video.srcObject = null;
  };
}
