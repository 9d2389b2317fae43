import { buildContactExport, type ContactServerHistory } from '@core/privacy/contactExport'
import type { Activity, Campaign, Contact, CustomFieldDefinition, Deal, EngagementEvent } from '@core/schema'
import type { SyncAccount } from '../../data/sync/syncController'
import type { OutpostData } from '../../data/dataContext'
import { contactDisplayName } from '../contacts/contactDisplay'
import { fileDate, fileSlug, saveFile } from '../export/saveFile'
import type { AuditRecorder } from './auditRecorder'
import type { PrivacyApi } from './privacyApi'

// "Export data" on a contact: everything about the person in one JSON file. The server's full
// history is included when it can be fetched (and the server then records the export in the audit
// log); otherwise the file says why it is missing, and this device queues the audit entry itself.

export interface ContactDataExport {
  fileName: string
  serverHistory: boolean
}

export async function exportContactData(
  data: Pick<OutpostData, 'db' | 'contacts'>,
  contact: Contact,
  account: SyncAccount | null,
  api: Pick<PrivacyApi, 'contactHistory'>,
  recorder: Pick<AuditRecorder, 'record'>,
): Promise<ContactDataExport> {
  const [activities, deals, events, campaigns, settings] = await Promise.all([
    data.db.activities.find({ selector: { contactId: contact.id }, sort: [{ occurredAt: 'asc' }] }).exec(),
    data.db.deals.find({ selector: { contactId: contact.id } }).exec(),
    data.db.events.find({ selector: { contactId: contact.id }, sort: [{ at: 'asc' }] }).exec(),
    data.db.campaigns.find().exec(),
    data.db.settings.find({ selector: { kind: 'customField' } }).exec(),
  ])

  let server: ContactServerHistory | null = null
  let reason: string | null = null
  if (account === null) {
    reason = 'This workspace is local only (not synced): there is no server history.'
  } else {
    const answer = await api.contactHistory(contact.id)
    if (answer.ok) server = answer.value
    else if (answer.error.kind === 'network') reason = 'The sync server could not be reached: this file holds what this device has.'
    else if (answer.error.status === 404) reason = 'The sync server does not have this contact yet (not synced): this file holds what this device has.'
    else reason = `The sync server refused: ${answer.error.message}`
  }

  const exportedAt = Date.now()
  const document = buildContactExport({
    contact,
    companyName: contact.companyId ? data.contacts.companyName(contact.companyId) : '',
    customFields: settings.map((doc) => doc.toJSON() as CustomFieldDefinition),
    activities: activities.map((doc) => doc.toJSON() as Activity),
    deals: deals.map((doc) => doc.toJSON() as Deal),
    events: events.map((doc) => doc.toJSON() as EngagementEvent),
    campaignNames: new Map(campaigns.map((doc) => [doc.id, (doc.toJSON() as Campaign).name])),
    server,
    serverUnavailableReason: reason,
    exportedAt,
    workspaceId: account?.workspaceId ?? null,
  })
  const fileName = `outpost-contact-${fileSlug(contactDisplayName(contact))}-${fileDate(exportedAt)}.json`
  saveFile(fileName, [JSON.stringify(document, null, 2)], 'application/json')
  // The server records exports it answered; anything else is recorded here and reported later.
  if (server === null) recorder.record({ kind: 'contact-export', subject: contact.id, rowCount: null })
  return { fileName, serverHistory: server !== null }
}
