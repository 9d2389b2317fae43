import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { collectionSchemas } from '../schema'
import { exportedDocument, SECRET_FIELD_PATTERN, WORKSPACE_EXPORT_COLLECTIONS, WORKSPACE_EXPORT_FORMAT, WorkspaceExportWriter } from './workspaceJson'

const meta = { exportedAt: Date.UTC(2026, 2, 1), workspaceId: 'W1', workspaceName: 'Acme' }

function write(collections: Record<string, Array<Array<Record<string, unknown>>>>): { text: string; writer: WorkspaceExportWriter } {
  const writer = new WorkspaceExportWriter()
  let text = writer.begin(meta)
  for (const [name, pages] of Object.entries(collections)) {
    text += writer.beginCollection(name as (typeof WORKSPACE_EXPORT_COLLECTIONS)[number])
    for (const page of pages) text += writer.documents(page)
  }
  return { text: text + writer.end(), writer }
}

describe('workspace JSON export', () => {
  it('writes one JSON document with the format, version, time, workspace, collections and counts', () => {
    const contact = { id: 'c1', email: 'ada@example.com', updatedAt: 1, _clock: { email: 'x' }, _deleted: false, _rev: '1-a', _meta: { lwt: 1 } }
    const gone = { id: 'c2', email: 'gone@example.com', _deleted: true, _clock: {} }
    const { text } = write({ contacts: [[contact, gone], []], companies: [[{ id: 'co1', name: 'Acme', _clock: {} }]], settings: [] })
    expect(JSON.parse(text)).toEqual({
      format: WORKSPACE_EXPORT_FORMAT,
      version: 1,
      exportedAt: '2026-03-01T00:00:00.000Z',
      workspaceId: 'W1',
      workspaceName: 'Acme',
      notes: expect.stringContaining('Live documents only'),
      collections: { contacts: [{ id: 'c1', email: 'ada@example.com', updatedAt: 1 }], companies: [{ id: 'co1', name: 'Acme' }], settings: [] },
      counts: { contacts: 1, companies: 1, settings: 0 },
    })
  })

  it('stays valid JSON and keeps every live document, whatever the pages hold', () => {
    const docArb = fc.record({ id: fc.string(), text: fc.string(), n: fc.integer(), _deleted: fc.boolean(), _clock: fc.constant({}) })
    fc.assert(
      fc.property(fc.array(fc.array(docArb, { maxLength: 5 }), { maxLength: 4 }), (pages) => {
        const { text, writer } = write({ contacts: pages, activities: pages })
        const parsed = JSON.parse(text) as { collections: { contacts: unknown[] } }
        const live = pages.flat().filter((doc) => !doc._deleted).map(({ _deleted, _clock, ...rest }) => rest)
        expect(parsed.collections.contacts).toEqual(live)
        expect(writer.counts.contacts).toBe(live.length)
      }),
    )
  })

  it('never writes a field whose name looks like a secret, and no schema has one', () => {
    expect(exportedDocument({ id: 'x', smtpPassword: 'hunter2', apiKey: 'k', privateKey: 'p', sessionToken: 't', name: 'ok' })).toEqual({ id: 'x', name: 'ok' })
    for (const name of WORKSPACE_EXPORT_COLLECTIONS) {
      for (const field of Object.keys(collectionSchemas[name].schema.properties)) expect(field).not.toMatch(SECRET_FIELD_PATTERN)
    }
  })

  it('leaves the members collection out', () => {
    expect(WORKSPACE_EXPORT_COLLECTIONS).not.toContain('members')
  })
})
