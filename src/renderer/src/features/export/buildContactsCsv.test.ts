import Papa from 'papaparse'
import { contactCsvHeader, contactToCsvRow, csvRecords, type ContactCsvContext } from '@core/export/contactsCsv'
import type { Contact } from '@core/schema'
import { aContact } from '@core/testing/contactFixture'
import { buildContactsCsv } from './buildContactsCsv'
import { readBlob } from './captureDownloads'
import { ExportCancelled } from './chunkedWork'

const context: ContactCsvContext = { customFields: [], companyName: () => '', listName: () => '' }
const contacts = new Map<string, Contact>(
  Array.from({ length: 25 }, (_, index) => [`c${index}`, aContact({ id: `c${index}`, email: `p${index}@example.com`, firstName: index % 2 ? '=1+1' : `Name ${index}` })]),
)
const ids = [...contacts.keys()]

describe('buildContactsCsv', () => {
  it('builds in chunks exactly the file a one-shot export would, reporting progress per chunk', async () => {
    const progress: Array<[number, number]> = []
    const { parts, rows } = await buildContactsCsv(ids, (id) => contacts.get(id), context, { chunkRows: 10, onProgress: (done, total) => progress.push([done, total]) })
    expect(rows).toBe(25)
    const text = await readBlob(new Blob(parts))
    expect(text).toBe(csvRecords([contactCsvHeader(context), ...ids.map((id) => contactToCsvRow(contacts.get(id)!, context))]))
    expect(progress).toEqual([
      [10, 25],
      [20, 25],
      [25, 25],
    ])
    expect(Papa.parse(text, { skipEmptyLines: true }).data).toHaveLength(26)
  })

  it('skips contacts deleted since the list was taken', async () => {
    const { rows } = await buildContactsCsv(['c1', 'gone', 'c2'], (id) => contacts.get(id), context)
    expect(rows).toBe(2)
  })

  it('stops when cancelled', async () => {
    const abort = new AbortController()
    const building = buildContactsCsv(ids, (id) => contacts.get(id), context, { chunkRows: 5, signal: abort.signal, onProgress: () => abort.abort() })
    await expect(building).rejects.toBeInstanceOf(ExportCancelled)
  })
})
