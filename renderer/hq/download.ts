// A file the hub answered with, handed to the browser as a download.
export function saveFile(bytes: BlobPart, type: string, fileName: string): void {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([bytes], { type }));
  a.download = fileName;
  a.click();
  URL.revokeObjectURL(a.href);
}
