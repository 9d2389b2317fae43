import { matchHeaders } from '@core/import/matchHeaders'
import { runImportPass, type PassBatch } from './importPass'
import { csvFile } from './importTestUtils'

const format = { encoding: 'utf-8' as const, delimiter: ',', newline: '\n' as const }
const headers = ['email', 'first name']

function options(batchSize: number) {
  let next = 0
  return {
    format,
    headers,
    mapping: matchHeaders(headers, []),
    customFields: [],
    mode: 'update' as const,
    existingContacts: new Map<string, string>(),
    existingCompanies: new Map<string, string>(),
    batchSize: () => batchSize,
    newId: () => `id${next++}`,
  }
}

describe('runImportPass', () => {
  it('hands over batches of the asked size, with progress spread over a file read in one piece', async () => {
    const rows = Array.from({ length: 1_000 }, (_, i) => `p${i}@example.com,P${i}`)
    const content = `email,first name\n${rows.join('\n')}\n`
    const file = csvFile('one-piece.csv', content, 10_000_000)
    const batches: PassBatch[] = []
    const { rowsRead } = await runImportPass(file, options(300), (batch) => {
      batches.push(batch)
    })
    expect(rowsRead).toBe(1_000)
    expect(batches.map((batch) => batch.batch.creates.length)).toEqual([300, 300, 300, 100])
    const progress = batches.map((batch) => batch.bytesRead)
    expect(progress).toEqual([...progress].sort((a, b) => a - b))
    expect(progress[0]).toBeLessThan(file.size / 2)
    expect(progress.at(-1)).toBe(file.size)
  })

  it('numbers failed rows as a spreadsheet does, skipping blank lines but counting them', async () => {
    const file = csvFile('gaps.csv', 'email,first name\n\na@example.com,A\nnot-an-email,B\n\n,C\n', 5)
    const batches: PassBatch[] = []
    await runImportPass(file, options(10), (batch) => {
      batches.push(batch)
    })
    expect(batches.flatMap((batch) => batch.failures.map((failure) => failure.rowNumber))).toEqual([4, 6])
    expect(batches.reduce((sum, batch) => sum + batch.batch.counts.created, 0)).toBe(1)
  })

  it('stops reading when asked, without handing over the rows read meanwhile', async () => {
    const rows = Array.from({ length: 2_000 }, (_, i) => `p${i}@example.com,P${i}`)
    const batches: PassBatch[] = []
    let stop = false
    await runImportPass(
      csvFile('many.csv', `email,first name\n${rows.join('\n')}\n`, 2_048),
      options(100),
      (batch) => {
        batches.push(batch)
        stop = true
      },
      () => stop,
    )
    expect(batches).toHaveLength(1)
  })
})
