import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import type { OutpostData } from '../../data/dataContext'
import type { FetchInit } from '../../data/sync/syncHttp'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { aSession } from '../settings/sendingFakeServer'
import { SettingsPage } from '../settings/SettingsPage'
import { auditRecorderFor } from './auditRecorder'
import type { AuditLogEntry } from './privacyApi'

function anEntry(overrides: Partial<AuditLogEntry>): AuditLogEntry {
  return {
    id: '01JGZ0000000000000000000AA',
    at: Date.UTC(2026, 0, 2, 9, 30),
    recordedAt: Date.UTC(2026, 0, 2, 9, 30),
    actorId: 'U1',
    actorEmail: 'ada@acme.example',
    kind: 'csv-export',
    subject: 'segment: VIPs',
    rowCount: 1234,
    source: 'device',
    ...overrides,
  }
}

/** GET /api/audit answering pages in turn; records the paths asked. */
function auditServer(pages: Array<{ entries: AuditLogEntry[]; next: string | null }>) {
  const paths: string[] = []
  const fetch = async (input: string, init?: FetchInit) => {
    const url = new URL(input)
    // The rest of the settings page asks for its own things: only the audit log's requests count here.
    if (url.pathname.startsWith('/api/audit')) paths.push(`${init?.method ?? 'GET'} ${url.pathname}${url.search}`)
    if (url.pathname !== '/api/audit') return new Response(JSON.stringify({ error: 'not_found', message: 'no' }), { status: 404 })
    return new Response(JSON.stringify(pages.shift() ?? { entries: [], next: null }), { status: 200, headers: { 'Content-Type': 'application/json' } })
  }
  return { paths, fetch }
}

describe('Settings → Privacy', () => {
  const opened: OutpostData[] = []
  beforeEach(() => window.localStorage.clear())
  afterEach(async () => {
    for (const data of opened.splice(0)) await closeTestData(data)
  })

  async function setup(role: 'owner' | 'admin' | 'member' | null, server = auditServer([])) {
    const data = await createTestData(role === null ? {} : { fetch: server.fetch, sessions: memorySessions(aSession(role)) })
    opened.push(data)
    renderWithProviders(<SettingsPage section="privacy" />, { data })
    const section = await screen.findByRole('region', { name: 'Privacy' })
    // #/settings/privacy scrolls to it.
    expect(document.getElementById('privacy')).toContainElement(section)
    return { data, section, user: userEvent.setup() }
  }

  it('shows admins the audit log, newest first, and pages through it', async () => {
    const server = auditServer([
      {
        entries: [
          anEntry({ id: '01JGZ0000000000000000000BB', kind: 'contact-erase', subject: '01JGZ00000000000000000CCCC', rowCount: null, source: 'server', actorEmail: 'grace@acme.example' }),
          anEntry({}),
        ],
        next: '1.01JGZ0000000000000000000AA',
      },
      { entries: [anEntry({ id: '01JGZ0000000000000000000CC', kind: 'workspace-export', subject: 'whole workspace (JSON)', rowCount: 5 })], next: null },
    ])
    const { section, user } = await setup('admin', server)
    const table = await within(section).findByRole('table', { name: /Audit log/ })
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows.map((row) => within(row).getAllByRole('cell').slice(1).map((cell) => cell.textContent))).toEqual([
      ['grace@acme.example', 'Erased a contact', 'Erased contact01JGZ00000000000000000CCCC', '—'],
      ['ada@acme.example', 'Exported contacts (CSV)reported by a device', 'segment: VIPs', '1,234'],
    ])
    await user.click(within(section).getByRole('button', { name: 'Load more' }))
    expect(await within(table).findByText('Exported the workspace (JSON)')).toBeInTheDocument()
    expect(server.paths).toEqual(['GET /api/audit?limit=50', 'GET /api/audit?limit=50&before=1.01JGZ0000000000000000000AA'])
    expect(within(section).queryByRole('button', { name: 'Load more' })).toBeNull()
  })

  it('tells members the log is for owners and admins, without asking the server', async () => {
    const server = auditServer([])
    const { section } = await setup('member', server)
    expect(within(section).getByText(/Only owners and admins can read the audit log \(your role: member\)/)).toBeInTheDocument()
    expect(server.paths).toEqual([])
  })

  it('explains what erasing does, and lists what this device recorded while local only', async () => {
    const { data, section } = await setup(null)
    expect(within(section).getByRole('heading', { name: 'What erasing a contact does' })).toBeInTheDocument()
    expect(within(section).getByText(/kept only as a one-way hash/)).toBeInTheDocument()
    auditRecorderFor(data).record({ kind: 'csv-export', subject: 'all contacts', rowCount: 3 })
    expect(await within(section).findByText(/1 entry recorded on this device will be sent when you sign in/)).toBeInTheDocument()
    expect(within(section).getByText(/Exported contacts \(CSV\) \(all contacts, 3 rows\)/)).toBeInTheDocument()
  })
})
