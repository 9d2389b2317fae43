import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { formatStamp } from '@core/hlc'
import { erasedDocument } from '@core/privacy/erasure'
import type { Activity, Contact } from '@core/schema'
import type { OutpostData } from '../../data/dataContext'
import type { FetchInit } from '../../data/sync/syncHttp'
import { insertSyncedDoc } from '../../data/syncedWrites'
import { contactFields } from '../../test/fixtures'
import { closeTestData, createTestData, memorySessions, renderWithProviders } from '../../test/renderWithProviders'
import { captureDownloads, readBlob, type CapturedDownloads } from '../export/captureDownloads'
import { aSession } from '../settings/sendingFakeServer'
import { ContactDetailPage } from '../contacts/ContactDetailPage'
import { auditRecorderFor } from './auditRecorder'

type Reply = { status: number; body: unknown } | 'network-error'

/** The sync server's privacy routes behind a stubbed fetch. */
function privacyServer() {
  const requests: string[] = []
  const replies = new Map<string, (path: string) => Reply>()
  const fetch = async (input: string, init?: FetchInit) => {
    const url = new URL(input)
    const key = `${init?.method ?? 'GET'} ${url.pathname}`
    requests.push(key)
    const route = [...replies.entries()].find(([pattern]) => new RegExp(`^${pattern}$`).test(key))
    const reply = route ? route[1](url.pathname) : { status: 404, body: { error: 'not_found', message: 'no such route' } }
    if (reply === 'network-error') throw new TypeError('Failed to fetch')
    return new Response(JSON.stringify(reply.body), { status: reply.status, headers: { 'Content-Type': 'application/json' } })
  }
  return { requests, replies, fetch }
}

const history = (contactId: string) => ({
  contactId,
  exportedAt: 1,
  history: {
    trackingEvents: [{ campaignId: 'camp1', type: 'open', linkIndex: -1, at: Date.UTC(2025, 0, 1), machine: false, userAgentFamily: 'browser' }],
    recipients: [{ campaignId: 'camp1', email: 'zelda@example.com', status: 'sent', attempts: 1, messageId: '<m@x>', sentAt: 1, lastError: null }],
    suppressions: [],
    outboxMessages: [],
  },
})

describe('contact page: personal data', () => {
  const opened: OutpostData[] = []
  let downloads: CapturedDownloads
  beforeEach(() => {
    window.localStorage.clear()
    window.location.hash = ''
    downloads = captureDownloads()
  })
  afterEach(async () => {
    downloads.restore()
    for (const data of opened.splice(0)) await closeTestData(data)
  })

  async function setup(role: 'owner' | 'member' | null, server = privacyServer()) {
    const data = await createTestData(role === null ? {} : { fetch: server.fetch, sessions: memorySessions(aSession(role)) })
    opened.push(data)
    const contact = await insertSyncedDoc<Contact>(data.db.contacts, contactFields({ email: 'zelda@example.com', firstName: 'Zelda', lastName: 'Harkinian' }))
    const activity = await insertSyncedDoc<Activity>(data.db.activities, { kind: 'note', contactId: contact.id, companyId: '', subject: 'Met Zelda', body: 'At the castle', occurredAt: 1 })
    renderWithProviders(<ContactDetailPage id={contact.id} />, { data })
    const card = await screen.findByRole('region', { name: 'Personal data' })
    return { data, contact, activity, server, card, user: userEvent.setup() }
  }

  it('exports everything about the contact, with the server’s history, as one JSON file', async () => {
    const server = privacyServer()
    server.replies.set('GET /api/privacy/contacts/[^/]+', (path) => ({ status: 200, body: history(decodeURIComponent(path.split('/').at(-1) ?? '')) }))
    const { data, contact, card, user } = await setup('owner', server)
    await user.click(within(card).getByRole('button', { name: 'Export data' }))
    await waitFor(() => expect(downloads.files).toHaveLength(1))
    expect(downloads.files[0]?.name).toMatch(/^outpost-contact-zelda-harkinian-\d{4}-\d{2}-\d{2}\.json$/)
    const file = JSON.parse(await readBlob(downloads.files[0]!.blob)) as Record<string, unknown>
    expect(file.contact).toMatchObject({ id: contact.id, email: 'zelda@example.com' })
    expect(file.activities).toEqual([expect.objectContaining({ subject: 'Met Zelda' })])
    expect(file.server).toMatchObject({ included: true, trackingEvents: [expect.objectContaining({ type: 'open' })], campaignsSent: [expect.objectContaining({ status: 'sent' })] })
    // The server recorded this export itself: nothing queued here.
    expect(auditRecorderFor(data).pending()).toEqual([])
  })

  it('still exports what this device has when the server cannot be reached, says so in the file, and queues the audit entry', async () => {
    const server = privacyServer()
    server.replies.set('GET /api/privacy/contacts/[^/]+', () => 'network-error')
    const { data, contact, card, user } = await setup('owner', server)
    await user.click(within(card).getByRole('button', { name: 'Export data' }))
    await waitFor(() => expect(downloads.files).toHaveLength(1))
    const file = JSON.parse(await readBlob(downloads.files[0]!.blob)) as Record<string, unknown>
    expect(file.server).toEqual({ included: false, reason: expect.stringMatching(/could not be reached/) })
    expect(auditRecorderFor(data).pending()).toEqual([expect.objectContaining({ kind: 'contact-export', subject: contact.id })])
  })

  it('erases through the server after the email is typed, then removes the contact here', async () => {
    const server = privacyServer()
    let erased: { contacts: unknown[]; activities: unknown[]; events: unknown[] } | null = null
    const { data, contact, activity, card, user } = await setup('owner', server)
    server.replies.set('POST /api/privacy/contacts/[^/]+/erase', () => {
      const stamp = formatStamp({ wallMs: Date.now() + 1, counter: 0, node: 'server' })
      erased = { contacts: [erasedDocument('contacts', contact, stamp, Date.now())], activities: [erasedDocument('activities', activity, stamp, Date.now())], events: [] }
      return { status: 200, body: { documents: erased, purged: { trackingEvents: 3, recipients: 1, outboxMessages: 0, suppressions: 0 } } }
    })

    await user.click(within(card).getByRole('button', { name: 'Erase contact…' }))
    const dialog = await screen.findByRole('dialog', { name: 'Erase Zelda Harkinian?' })
    const confirm = within(dialog).getByRole('button', { name: 'Erase contact' })
    expect(confirm).toBeDisabled()
    await user.type(within(dialog).getByLabelText(/Type zelda@example.com to confirm/), 'zelda@example.co')
    expect(confirm).toBeDisabled()
    await user.type(within(dialog).getByLabelText(/to confirm/), 'm')
    await user.click(confirm)

    await waitFor(() => expect(window.location.hash).toBe('#/contacts'))
    expect(server.requests).toContain(`POST /api/privacy/contacts/${contact.id}/erase`)
    expect(await data.db.contacts.findOne(contact.id).exec()).toBeNull()
    expect(await data.db.activities.findOne(activity.id).exec()).toBeNull()
  })

  it('shows the server’s refusal in the dialog and erases nothing', async () => {
    const server = privacyServer()
    server.replies.set('POST /api/privacy/contacts/[^/]+/erase', () => ({ status: 403, body: { error: 'forbidden', message: 'only owners and admins can erase a contact (your role: member)' } }))
    const { data, contact, card, user } = await setup('owner', server)
    await user.click(within(card).getByRole('button', { name: 'Erase contact…' }))
    const dialog = await screen.findByRole('dialog')
    await user.type(within(dialog).getByLabelText(/to confirm/), 'zelda@example.com{Enter}')
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(/only owners and admins/)
    expect(await data.db.contacts.findOne(contact.id).exec()).not.toBeNull()
  })

  it('tells a member why they cannot erase', async () => {
    const { card } = await setup('member')
    const button = within(card).getByRole('button', { name: 'Erase contact…' })
    expect(button).toBeDisabled()
    expect(button).toHaveAccessibleDescription(/Only owners and admins can erase a contact \(your role: member\)/)
  })

  it('erases on this device alone when the workspace never synced, and records it for later', async () => {
    const { data, contact, card, user } = await setup(null)
    expect(within(card).getByText(/Local only: erasing removes the contact from this device/)).toBeInTheDocument()
    await user.click(within(card).getByRole('button', { name: 'Erase contact…' }))
    const dialog = await screen.findByRole('dialog')
    expect(within(dialog).getByText(/only place it is erased from/)).toBeInTheDocument()
    await user.type(within(dialog).getByLabelText(/to confirm/), 'ZELDA@example.com')
    await user.click(within(dialog).getByRole('button', { name: 'Erase contact' }))
    await waitFor(() => expect(window.location.hash).toBe('#/contacts'))
    expect(await data.db.contacts.findOne(contact.id).exec()).toBeNull()
    expect(auditRecorderFor(data).pending()).toEqual([expect.objectContaining({ kind: 'contact-erase', subject: contact.id })])
  })
})
