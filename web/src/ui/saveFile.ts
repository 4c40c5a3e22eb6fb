/**
 * Hands a fetched file to the browser as a download under `fileName`: files the API serves need
 * the session's bearer token, which a plain link cannot send, so they are fetched, then saved
 * through a link the page clicks.
 */
export function saveFile(file: Blob, fileName: string): void {
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has read the object URL once the click's download started.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
