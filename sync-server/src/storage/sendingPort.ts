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

// The send queue (ARCHITECTURE.md, "Sending"): one recipient row per contact of a started
// campaign. Rows move queued → sending (claimed with a lease) → sent | failed | bounced, or back
// to queued (retry later, or released on pause). A claim whose lease ran out (its worker died) is
// claimed again, so nobody is skipped; a message is marked sent right after the SMTP server took
// it, so only messages in flight at a crash can go out twice.

/**
 * 'skipped': left out at send time (unsubscribed, bounced, suppressed or deleted since materializing).
 * 'held': the rest of an A/B test's audience, never claimed until the winner is decided.
 */
export type RecipientStatus = 'queued' | 'sending' | 'sent' | 'failed' | 'bounced' | 'skipped' | 'held'

/** A campaign document as the scheduler sees it (parsed), with its workspace. */
export interface ActiveCampaign {
  workspaceId: string
  doc: Record<string, unknown>
}

export interface MaterializedRecipient {
  contactId: string
  /** Normalized (trimmed, lower-case); unique per campaign. */
  email: string
  /** A/B tests: the variant this test-share recipient gets. */
  variant?: string
  /** A/B tests: the rest of the audience, held until the winner is decided. */
  held?: boolean
}

/** What materialization decided, written once per campaign. */
export interface CampaignRunPlan {
  workspaceId: string
  campaignId: string
  /** The template's tracked links, in order (click tokens carry the index). */
  links: string[]
  /** The template document as it was at the start (JSON text): what every message renders. */
  templateJson: string
  recipients: MaterializedRecipient[]
  /** Contacts of the audience left out because suppressed, unsubscribed or bounced. */
  suppressed: number
  /** Contacts left out because an earlier contact had the same email. */
  duplicates: number
  createdAt: number
  /** A/B tests: the run's variants and settings (JSON, read by sending/abRun.ts). */
  abTestJson?: string
}

/** An A/B test's decision: recorded once; recording it releases the held recipients. */
export interface AbDecision {
  winnerId: string
  decidedBy: string
  decidedAt: number
}

export interface CampaignRun {
  workspaceId: string
  campaignId: string
  links: string[]
  templateJson: string
  /** Recipient rows written. */
  total: number
  suppressed: number
  duplicates: number
  createdAt: number
  /** A/B tests only (absent on plain campaigns). */
  abTestJson?: string
  /** A/B tests, once the winner is decided. */
  abDecision?: AbDecision
}

/** One A/B variant's test share as the queue and the tracking history see it (human engagement only). */
export interface AbVariantFigures {
  variantId: string
  recipients: number
  sent: number
  /** Queued or being sent. */
  pending: number
  /** When its first message went out; null before. */
  firstSentAt: number | null
  uniqueOpens: number
  uniqueClicks: number
}

export interface ClaimRequest {
  /** Identifies this claim: outcomes and releases only touch rows still held by it. */
  claimId: string
  limit: number
  now: number
  /** The lease ends at now + leaseMs; after that another worker may claim the row again. */
  leaseMs: number
}

export interface ClaimedRecipient {
  contactId: string
  email: string
  /** Attempts including this one. */
  attempts: number
  /** A/B tests: the test-share variant; absent for the rest (they get the winner) and plain campaigns. */
  variant?: string
}

export type RecipientOutcome =
  | { contactId: string; claimId: string; kind: 'sent'; messageId: string; at: number }
  /** Temporary failure: back to the queue, not before `nextAttemptAt`. */
  | { contactId: string; claimId: string; kind: 'retry'; error: string; nextAttemptAt: number; at: number }
  | { contactId: string; claimId: string; kind: 'failed'; error: string; at: number }
  | { contactId: string; claimId: string; kind: 'bounced'; error: string; at: number }
  | { contactId: string; claimId: string; kind: 'skipped'; error: string; at: number }

export type RecipientCounts = Record<RecipientStatus, number>

export interface SendingStore extends SuppressionStore, CampaignLinkStore {
  /**
   * Live campaigns of live workspaces whose status is 'scheduled' or 'sending' (the scheduler's
   * work list; cheap enough to call every second).
   */
  listActiveCampaigns(): Promise<ActiveCampaign[]>
  /** Live documents of one workspace and collection among `ids`, parsed, by id. */
  getDocuments(workspaceId: string, collection: string, ids: readonly string[]): Promise<Map<string, Record<string, unknown>>>

  /**
   * One transaction: writes the run and all its recipients, or nothing when the campaign already
   * has a run (another instance, or a retry after a crash, got there first). Returns the stored
   * run and whether this call created it.
   */
  materializeCampaign(plan: CampaignRunPlan): Promise<{ created: boolean; run: CampaignRun }>
  getCampaignRun(workspaceId: string, campaignId: string): Promise<CampaignRun | null>

  /**
   * Claims up to `limit` recipients that are queued and due, or whose lease expired; concurrent
   * claimers (other workers, other instances) never get the same row.
   */
  claimRecipients(workspaceId: string, campaignId: string, request: ClaimRequest): Promise<ClaimedRecipient[]>
  /**
   * Records outcomes in one transaction. 'sent' always wins (the message went out); the other
   * outcomes apply only to rows still claimed by their claimId.
   */
  recordOutcomes(workspaceId: string, campaignId: string, outcomes: readonly RecipientOutcome[]): Promise<void>
  /** Puts rows still claimed by `claimId` back in the queue (pause, shutdown); returns how many. */
  releaseClaim(workspaceId: string, campaignId: string, claimId: string, contactIds?: readonly string[]): Promise<number>
  countRecipients(workspaceId: string, campaignId: string): Promise<RecipientCounts>
  /** Which of `emails` (normalized) are suppressed. */
  suppressedAmong(workspaceId: string, emails: readonly string[]): Promise<Set<string>>
  /** Earliest time a queued row becomes due or a lease expires; null when none is open. */
  nextDueAt(workspaceId: string, campaignId: string): Promise<number | null>

  /** A/B tests: per variant of the test share, queue figures and unique human opens and clicks. */
  abVariantFigures(workspaceId: string, campaignId: string): Promise<AbVariantFigures[]>
  /**
   * A/B tests: records the winner and queues the held recipients, in one transaction, unless a
   * decision is already stored (another instance, or a manual pick, got there first). Returns the
   * stored run and whether this call decided.
   */
  decideAbWinner(workspaceId: string, campaignId: string, decision: AbDecision): Promise<{ decided: boolean; run: CampaignRun }>
}
