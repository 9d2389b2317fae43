import { z } from 'zod'

// The audit log of privacy-relevant actions (issue 6, part 8): who exported or erased what, when.
// The server records contact exports and erasures it performs itself; devices report their
// CSV and workspace exports (and anything done while offline or local-only) through POST /api/audit.

export const AUDIT_KINDS = ['contact-export', 'contact-erase', 'csv-export', 'workspace-export'] as const
export type AuditKind = (typeof AUDIT_KINDS)[number]

export const AUDIT_KIND_LABELS: Record<AuditKind, string> = {
  'contact-export': 'Exported a contact’s data',
  'contact-erase': 'Erased a contact',
  'csv-export': 'Exported contacts (CSV)',
  'workspace-export': 'Exported the workspace (JSON)',
}

export const AUDIT_SUBJECT_MAX = 200
export const AUDIT_REPORT_MAX_ENTRIES = 100

/** One entry as a device reports it: the server adds who (from the session) and when it stored it. */
export const auditReportEntrySchema = z.strictObject({
  /** A ULID chosen by the device, so a report sent twice (a retry after going offline) is stored once. */
  id: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'id must be a ULID'),
  kind: z.enum(AUDIT_KINDS),
  /** A contact id, or the export's scope ("all contacts", "segment: VIPs"). */
  subject: z.string().trim().min(1).max(AUDIT_SUBJECT_MAX),
  rowCount: z.number().int().min(0).max(1e9).nullable(),
  /** When it happened on the device (epoch ms). */
  at: z.number().int().min(0).max(1e15),
})

export const auditReportSchema = z.strictObject({
  entries: z.array(auditReportEntrySchema).min(1).max(AUDIT_REPORT_MAX_ENTRIES),
})

export type AuditReportEntry = z.infer<typeof auditReportEntrySchema>
