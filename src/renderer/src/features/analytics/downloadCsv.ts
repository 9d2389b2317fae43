/** Saves `csv` as a file through a temporary <a download> (works in Electron and the browser). */
export function downloadCsv(fileName: string, csv: string): void {
  // The BOM makes Excel read the file as UTF-8 (names with accents stay intact).
  const blob = new Blob(['\uFEFF', csv], { type: 'text/csv;charset=utf-8' })
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
