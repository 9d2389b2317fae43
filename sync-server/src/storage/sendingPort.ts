// Suppression and stored campaign links: shared by sending (sync-server/src/sending) and tracking
// (sync-server/src/tracking). The sending store implements them (storage.sending).

export type SuppressionReason = 'unsubscribed' | 'hard_bounce' | 'complaint' | 'manual'

export interface SuppressionStore {
  /** Adds (or keeps) a suppressed address, stored normalized; returns true when it is new. */
  addSuppression(workspaceId: string, email: string, reason: SuppressionReason, at: number): Promise<boolean>
  isSuppressed(workspaceId: string, email: string): Promise<boolean>
  /** Every suppressed address of the workspace (normalized). */
  listSuppressedEmails(workspaceId: string): Promise<Set<string>>
}

export interface CampaignLinkStore {
  /** The campaign's tracked links (index = link index in click tokens), or null before it was materialized. */
  getCampaignLinks(workspaceId: string, campaignId: string): Promise<string[] | null>
}
