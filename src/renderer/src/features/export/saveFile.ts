/** Saves text built in parts as a file through a temporary <a download> (Electron and the browser). */
export function saveFile(fileName: string, parts: readonly BlobPart[], type: string): void {
  const blob = new Blob([...parts], { type })
  const url = URL.createObjectURL(blob)
  const link = document.createElement('a')
  link.href = url
  link.download = fileName
  link.style.display = 'none'
  document.body.append(link)
  link.click()
  link.remove()
  // Revoked on the next task: the download has read the blob by then.
  setTimeout(() => URL.revokeObjectURL(url), 0)
}

/** The byte-order mark that makes Excel read a CSV file as UTF-8 (the importer skips it). */
export const UTF8_BOM = '\uFEFF'

/** "VIPs in Berlin!" → "vips-in-berlin", for file names. */
export function fileSlug(text: string): string {
  const slug = text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
  return slug || 'export'
}

/** Today's date as YYYY-MM-DD in local time, for file names. */
export function fileDate(now: number = Date.now()): string {
  const date = new Date(now)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}
