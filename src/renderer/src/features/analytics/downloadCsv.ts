import { saveFile, UTF8_BOM } from '../export/saveFile'

/** Saves `csv` as a file (works in Electron and the browser); the BOM keeps accents intact in Excel. */
export function downloadCsv(fileName: string, csv: string): void {
  saveFile(fileName, [UTF8_BOM, csv], 'text/csv;charset=utf-8')
}
