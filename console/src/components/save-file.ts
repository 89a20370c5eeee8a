/** Hands a fetched file to the browser as a download under the name the server gave it. */
export function saveFile(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // The browser has started the download by then; the URL only holds the bytes in memory.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
