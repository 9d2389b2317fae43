import { z } from 'zod'
import type { Activity, Contact, CustomFieldDefinition, Deal, EngagementEvent } from '../schema'

// "Export data" of one contact (GDPR access / portability): one JSON document with everything the
// workspace holds about the person: the contact's fields (custom fields under their labels), its
// activities, its engagement events on this device, and the server's full history (every open,
// click and unsubscribe, every campaign sent to the address, suppression entries, caught mail).

export const CONTACT_EXPORT_FORMAT = 'outpost-contact-export'
export const CONTACT_EXPORT_VERSION = 1

/** What GET /api/privacy/contacts/:id answers. */
export const contactServerHistorySchema = z.object({
  contactId: z.string(),
  exportedAt: z.number(),
  history: z.object({
    trackingEvents: z.array(
      z.object({
        campaignId: z.string(),
        type: z.enum(['open', 'click', 'unsubscribe']),
        linkIndex: z.number(),
        at: z.number(),
        machine: z.boolean(),
        userAgentFamily: z.string(),
      }),
    ),
    recipients: z.array(
      z.object({
        campaignId: z.string(),
        email: z.string(),
        status: z.string(),
        attempts: z.number(),
        messageId: z.string().nullable(),
        sentAt: z.number().nullable(),
        lastError: z.string().nullable(),
      }),
    ),
    suppressions: z.array(z.object({ reason: z.string(), createdAt: z.number() })),
    outboxMessages: z.array(z.object({ id: z.string(), receivedAt: z.number(), from: z.string(), to: z.string(), subject: z.string() })),
  }),
})

export type ContactServerHistory = z.infer<typeof contactServerHistorySchema>

export interface ContactExportInput {
  contact: Contact
  companyName: string
  customFields: readonly CustomFieldDefinition[]
  activities: readonly Activity[]
  /** Deals linked to the contact. */
  deals: readonly Deal[]
  events: readonly EngagementEvent[]
  /** Campaign names by id, so history entries say which campaign. */
  campaignNames: ReadonlyMap<string, string>
  /** The server's history; null when it could not be fetched (offline, local only). */
  server: ContactServerHistory | null
  /** Why there is no server history, for the reader of the file. */
  serverUnavailableReason: string | null
  exportedAt: number
  workspaceId: string | null
}

const iso = (at: number | null | undefined): string | null => (typeof at === 'number' && at > 0 ? new Date(at).toISOString() : null)

/** Sync bookkeeping a person's data export has no use for. */
function withoutInternals<T extends object>(doc: T): Omit<T, '_clock' | '_deleted' | '_rev' | '_meta' | '_attachments'> {
  const { _clock: _c, _deleted: _d, _rev: _r, _meta: _m, _attachments: _a, ...rest } = doc as T & Record<string, unknown>
  return rest as Omit<T, '_clock' | '_deleted' | '_rev' | '_meta' | '_attachments'>
}

/** The export document (plain JSON data; the caller serializes it). */
export function buildContactExport(input: ContactExportInput): Record<string, unknown> {
  const { contact } = input
  const campaign = (id: string) => ({ campaignId: id, campaignName: input.campaignNames.get(id) ?? null })
  const labels = new Map(input.customFields.map((field) => [field.key, field.label]))
  const customFields = Object.fromEntries(Object.entries(contact.customFields).map(([key, value]) => [labels.get(key) ?? key, value]))
  return {
    format: CONTACT_EXPORT_FORMAT,
    version: CONTACT_EXPORT_VERSION,
    exportedAt: iso(input.exportedAt),
    workspaceId: input.workspaceId,
    contact: {
      ...withoutInternals(contact),
      companyName: input.companyName || null,
      customFields,
      createdAt: iso(contact.createdAt),
      updatedAt: iso(contact.updatedAt),
      lastEmailedAt: iso(contact.lastEmailedAt),
      lastOpenedAt: iso(contact.lastOpenedAt),
      lastClickedAt: iso(contact.lastClickedAt),
      ...(contact.stageHistory === undefined ? {} : { stageHistory: contact.stageHistory.map((entry) => ({ ...entry, at: iso(entry.at) })) }),
    },
    activities: input.activities.map((activity) => ({
      ...withoutInternals(activity),
      occurredAt: iso(activity.occurredAt),
      createdAt: iso(activity.createdAt),
      updatedAt: iso(activity.updatedAt),
      ...(activity.dueAt === undefined ? {} : { dueAt: iso(activity.dueAt) }),
      ...(activity.doneAt === undefined ? {} : { doneAt: iso(activity.doneAt) }),
    })),
    deals: input.deals.map((deal) => ({
      ...withoutInternals(deal),
      stageHistory: deal.stageHistory.map((entry) => ({ ...entry, at: iso(entry.at) })),
      closedAt: iso(deal.closedAt),
      createdAt: iso(deal.createdAt),
      updatedAt: iso(deal.updatedAt),
    })),
    engagementEvents: input.events.map((event) => ({ ...withoutInternals(event), ...campaign(event.campaignId), at: iso(event.at), updatedAt: iso(event.updatedAt) })),
    server:
      input.server === null
        ? { included: false, reason: input.serverUnavailableReason }
        : {
            included: true,
            trackingEvents: input.server.history.trackingEvents.map((event) => ({ ...event, ...campaign(event.campaignId), at: iso(event.at) })),
            campaignsSent: input.server.history.recipients.map((recipient) => ({ ...recipient, ...campaign(recipient.campaignId), sentAt: iso(recipient.sentAt) })),
            suppressions: input.server.history.suppressions.map((entry) => ({ ...entry, createdAt: iso(entry.createdAt) })),
            caughtMail: input.server.history.outboxMessages.map((message) => ({ ...message, receivedAt: iso(message.receivedAt) })),
          },
  }
}
