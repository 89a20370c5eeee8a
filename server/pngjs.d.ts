// pngjs ships no types and @types/pngjs is not a dependency: the part the server (photos.ts) and its tests use.
declare module 'pngjs' {
  export class PNG {
    constructor(options: { width: number; height: number });
    width: number;
    height: number;
    data: Buffer;
    static sync: {
      read(buffer: Buffer): { width: number; height: number; data: Buffer };
      write(png: PNG | { width: number; height: number; data: Buffer }): Buffer;
    };
  }
}
