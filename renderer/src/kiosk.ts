import type { KioskApi } from '../../shared/contract';
import { createWebKioskApi } from './web-kiosk-api';

declare global {
  interface Window {
    /** Provided by Electron's preload; absent in a browser, where the web adapter stands in. */
    kiosk?: KioskApi;
  }
}

/** The kiosk API, wherever the renderer runs. The renderer reaches the kiosk only through this. */
export const kiosk: KioskApi = window.kiosk ?? createWebKioskApi();
