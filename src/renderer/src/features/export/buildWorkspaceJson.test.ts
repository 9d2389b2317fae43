import { WORKSPACE_EXPORT_COLLECTIONS } from '@core/export/workspaceJson'
import type { Contact } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import { deleteSyncedDocs, insertSyncedDoc, insertSyncedDocs } from '../../data/syncedWrites'
import { companyFields, contactFields } from '../../test/fixtures'
import { closeTestData, createTestData } from '../../test/renderWithProviders'
import { buildWorkspaceJson } from './buildWorkspaceJson'
import { readBlob } from './captureDownloads'
import { ExportCancelled } from './chunkedWork'

let data: OutpostData
beforeEach(async () => {
  data = await createTestData()
})
afterEach(async () => {
  await closeTestData(data)
})

const meta = { exportedAt: Date.UTC(2026, 2, 1), workspaceId: 'W1', workspaceName: 'Acme' }

describe('buildWorkspaceJson', () => {
  it('writes every live document of every exported collection, without sync metadata or tombstones', async () => {
    const company = await insertSyncedDoc(data.db.companies, companyFields({ name: 'Acme' }))
    const contacts = await insertSyncedDocs<Contact>(data.db.contacts, [
      contactFields({ email: 'ada@example.com', companyId: company.id }),
      contactFields({ email: 'gone@example.com' }),
    ])
    await deleteSyncedDocs(data.db.contacts, [contacts[1]!.id])
    await insertSyncedDoc(data.db.settings, { kind: 'customField', key: 'plan', label: 'Plan', fieldType: 'text', options: [], position: 0 })

    const progress: Array<[number, number]> = []
    const result = await buildWorkspaceJson(data.db, meta, { onProgress: (done, total) => progress.push([done, total]) })
    const text = await readBlob(new Blob(result.parts))
    const file = JSON.parse(text) as { format: string; workspaceId: string; collections: Record<string, Array<Record<string, unknown>>>; counts: Record<string, number> }

    expect(file.format).toBe('outpost-workspace-export')
    expect(file.workspaceId).toBe('W1')
    expect(Object.keys(file.collections)).toEqual([...WORKSPACE_EXPORT_COLLECTIONS])
    expect(file.collections.contacts).toEqual([expect.objectContaining({ id: contacts[0]!.id, email: 'ada@example.com', companyId: company.id })])
    expect(file.collections.companies).toEqual([expect.objectContaining({ name: 'Acme' })])
    expect(file.collections.settings).toEqual([expect.objectContaining({ key: 'plan' })])
    expect(file.counts).toMatchObject({ contacts: 1, companies: 1, settings: 1, activities: 0 })
    expect(result.documents).toBe(3)
    for (const doc of Object.values(file.collections).flat()) {
      for (const internal of ['_clock', '_deleted', '_rev', '_meta', '_attachments']) expect(doc).not.toHaveProperty(internal)
    }
    expect(text).not.toContain('gone@example.com')
    const [done, total] = progress.at(-1) ?? [0, -1]
    expect(done).toBe(total)
  })

  it('stops when cancelled', async () => {
    await insertSyncedDocs<Contact>(data.db.contacts, [contactFields({ email: 'a@example.com' })])
    const abort = new AbortController()
    abort.abort()
    await expect(buildWorkspaceJson(data.db, meta, { signal: abort.signal })).rejects.toBeInstanceOf(ExportCancelled)
  })
})
