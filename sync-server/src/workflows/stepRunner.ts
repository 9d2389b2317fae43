import type { HlcClock } from '@core/hlc'
import { newId } from '@core/ids'
import type { Company, Contact, WorkflowGraph } from '@core/schema'
import { buildEngagementIndex } from '@core/segments/evaluateSegment'
import type { EngagementIndex } from '@core/segments/evaluateSegment'
import { workflowEmailKey } from '@core/workflows/emailKey'
import { decideStep, stepById } from '@core/workflows/engine'
import type { StepDecision, StepEffect, StepFacts } from '@core/workflows/types'
import type { StoragePort } from '../storage/port'
import type { EnrolmentRecord, OutboxItem, StepCommit, StepDocumentWrite, StepRecord } from '../storage/workflowStore'
import type { VersionCache } from './runnableWorkflow'
import { contactPatchWrite, insertWrite } from './stepWrites'
import type { WorkflowEmailPayload } from './workflowEmail'

// Takes the steps of claimed enrolments: reads what the pure engine needs (StepFacts), asks it
// (decideStep) and commits the decision in one transaction (record, position, outbox items,
// document writes). A commit that finds the enrolment moved (another worker, a removal) writes
// nothing and this worker drops it. Each step is its own commit; waits are stored as the time
// they end (shortened by the time scale).

export const DAY_MS = 86_400_000

/** What a webhook outbox item carries (OutboxItem.payloadJson). */
export interface WorkflowWebhookPayload {
  type: 'workflow.completed' | 'workflow.webhook_step'
  endpointId?: string
  /** `data` plus `contact` (the document as clients see it, minus `_clock`, or null when gone) for `data.contactId`. */
  data: Record<string, unknown>
}

export interface StepRunnerDeps {
  storage: StoragePort
  clock: HlcClock
  now: () => number
  versions: VersionCache
  /** Names for email payloads (the workflow as last listed). */
  workflowName(workflowId: string): string
  /** Waits last 1/timeScale of their time. */
  timeScale: number
  emailCapPerDay: number
}

/** The contact as read for a whole claim at once (one query per claim instead of three per step). */
export interface PrefetchedContact {
  contact: Contact | null
  company: Company | null
  /** Its address is on the suppression list. */
  suppressed: boolean
}

/** Reads the contacts, companies and suppression of a claim's enrolments in three queries. */
export async function prefetchContacts(storage: StoragePort, workspaceId: string, contactIds: readonly string[]): Promise<Map<string, PrefetchedContact>> {
  const contacts = await storage.sending.getDocuments(workspaceId, 'contacts', contactIds)
  const companyIds = [...new Set([...contacts.values()].map((contact) => String(contact.companyId ?? '')).filter((id) => id !== ''))]
  const companies = companyIds.length === 0 ? new Map<string, Record<string, unknown>>() : await storage.sending.getDocuments(workspaceId, 'companies', companyIds)
  const emails = [...new Set([...contacts.values()].map((contact) => String(contact.email ?? '').trim().toLowerCase()).filter((email) => email !== ''))]
  const suppressed = emails.length === 0 ? new Set<string>() : await storage.sending.suppressedAmong(workspaceId, emails)
  const prefetched = new Map<string, PrefetchedContact>()
  for (const contactId of contactIds) {
    const contact = (contacts.get(contactId) as Contact | undefined) ?? null
    const company = contact === null || contact.companyId === '' ? null : ((companies.get(contact.companyId) as Company | undefined) ?? null)
    prefetched.set(contactId, { contact, company, suppressed: contact !== null && suppressed.has(contact.email.trim().toLowerCase()) })
  }
  return prefetched
}

const EMPTY_GRAPH: WorkflowGraph = { trigger: { type: 'manual' }, entryStepId: '', steps: [] }

export class StepRunner {
  constructor(private readonly deps: StepRunnerDeps) {}

  /**
   * Takes the enrolment's current step; true when a step was recorded. A commit ends the claim
   * (the store releases the row), so a step that follows at once is claimed again by the next
   * round of the same pass.
   */
  async run(enrolment: EnrolmentRecord, claimId: string, prefetched?: PrefetchedContact): Promise<boolean> {
    const version = await this.deps.versions.get(enrolment.workspaceId, enrolment.workflowId, enrolment.version)
    const graph = version?.graph ?? EMPTY_GRAPH
    const settings = version?.settings ?? { reenrol: 'never' as const, exitOnUnsubscribe: true }
    const now = this.deps.now()
    const facts = await this.#facts(enrolment, graph, settings.goal !== undefined ? JSON.stringify(settings.goal) : '', now, prefetched)
    const decision = decideStep(graph, settings, enrolment.stepId, facts)
    const commit = this.#commitOf(enrolment, graph, facts, decision, claimId, now)
    return (await this.deps.storage.workflows.commitStep(commit)) && commit.record !== null
  }

  async #facts(enrolment: EnrolmentRecord, graph: WorkflowGraph, goalJson: string, now: number, prefetched: PrefetchedContact | undefined): Promise<StepFacts> {
    const { sending, privacy, workflows } = this.deps.storage
    const { workspaceId, contactId } = enrolment
    const contact = prefetched !== undefined ? prefetched.contact : (((await sending.getDocuments(workspaceId, 'contacts', [contactId])).get(contactId) as Contact | undefined) ?? null)
    const companyId = contact?.companyId ?? ''
    const company =
      prefetched !== undefined
        ? prefetched.company
        : companyId === ''
          ? null
          : (((await sending.getDocuments(workspaceId, 'companies', [companyId])).get(companyId) as Company | undefined) ?? null)
    const step = stepById(graph, enrolment.stepId)
    const email = contact?.email.trim().toLowerCase() ?? ''

    // Engagement history is read only when this step (or the goal) looks at it.
    const conditionJson = step?.type === 'branch' && step.condition !== undefined ? JSON.stringify(step.condition) : ''
    const needsSegmentEngagement = `${conditionJson}${goalJson}`.includes('"engagement.')
    const needsEmailEngagement = step?.type === 'branch' && (step.branchKind === 'opened' || step.branchKind === 'clicked')
    const history = contact !== null && (needsSegmentEngagement || needsEmailEngagement) ? await privacy.contactHistory(workspaceId, contactId, email === '' ? null : email) : null
    let engagement: EngagementIndex = new Map()
    const emailEngagement: Record<string, { opened: boolean; clicked: boolean }> = {}
    if (history !== null) {
      engagement = buildEngagementIndex(
        history.trackingEvents.map((event) => ({ type: event.type, contactId, campaignId: event.campaignId, at: event.at, machine: event.machine })),
      )
      const mine = engagement.get(contactId)
      for (const emailStep of graph.steps) {
        if (emailStep.type !== 'send_email') continue
        const key = workflowEmailKey(enrolment.workflowId, enrolment.version, emailStep.id)
        emailEngagement[emailStep.id] = { opened: mine?.opened.has(key) === true || mine?.clicked.has(key) === true, clicked: mine?.clicked.has(key) === true }
      }
    }

    const suppressed =
      contact !== null &&
      (contact.unsubscribed === true ||
        contact.bounced === true ||
        (email !== '' && (prefetched !== undefined ? prefetched.suppressed : (await sending.suppressedAmong(workspaceId, [email])).has(email))))
    // The cap's day passes as fast as waits do. The window is (now − day, now]: an email sent exactly
    // a day ago no longer counts, so one held back until then goes out then.
    const windowMs = DAY_MS / this.deps.timeScale
    const emailsInCapWindow = step?.type === 'send_email' && contact !== null ? await workflows.countEmailsSince(workspaceId, contactId, now - windowMs + 1) : 0
    return {
      now,
      contact,
      company,
      segmentContext: { companiesById: company === null ? new Map() : new Map([[company.id, company]]), engagement, now },
      suppressed,
      emailEngagement,
      emailsInCapWindow,
      frequencyCap: { maxEmails: this.deps.emailCapPerDay, windowMs },
      capFreesAt: null,
      waitUntil: enrolment.waitUntil,
    }
  }

  #commitOf(enrolment: EnrolmentRecord, graph: WorkflowGraph, facts: StepFacts, decision: StepDecision, claimId: string, now: number): StepCommit {
    const step = stepById(graph, enrolment.stepId)
    const base = { workspaceId: enrolment.workspaceId, enrolmentId: enrolment.id, claimId, expectedVisit: enrolment.visit }
    const record = (outcome: StepRecord['outcome'], detail: string): StepRecord => ({
      workspaceId: enrolment.workspaceId,
      enrolmentId: enrolment.id,
      workflowId: enrolment.workflowId,
      version: enrolment.version,
      contactId: enrolment.contactId,
      visit: enrolment.visit,
      stepId: enrolment.stepId,
      stepType: step?.type ?? '',
      outcome,
      detail,
      at: now,
    })
    switch (decision.kind) {
      case 'wait': {
        // A wait step's end is fixed on arrival (scaled); a held-back email only looks again later.
        const arriving = step?.type === 'wait' && enrolment.waitUntil === null
        const until = arriving ? now + Math.max(0, decision.until - now) / this.deps.timeScale : decision.until
        const waitUntil = step?.type === 'wait' ? (enrolment.waitUntil ?? until) : null
        return {
          ...base,
          record: null,
          next: { status: 'active', stepId: enrolment.stepId, visit: enrolment.visit, dueAt: Math.max(now, waitUntil ?? until), waitUntil, exitReason: '', endedAt: null, updatedAt: now },
          outbox: [],
          documents: [],
        }
      }
      case 'exit':
        return {
          ...base,
          record: record('exited', decision.detail),
          next: { status: 'exited', stepId: '', visit: enrolment.visit + 1, dueAt: now, waitUntil: null, exitReason: decision.reason, endedAt: now, updatedAt: now },
          outbox: [],
          documents: [],
        }
      case 'advance': {
        const outbox: OutboxItem[] = []
        const documents: StepDocumentWrite[] = []
        for (const effect of decision.effects) this.#effect(enrolment, facts, effect, now, outbox, documents)
        const completed = decision.next === ''
        if (completed) {
          outbox.push(
            this.#webhookItem(enrolment, now, {
              type: 'workflow.completed',
              data: { workflowId: enrolment.workflowId, version: enrolment.version, contactId: enrolment.contactId, enrolledAt: enrolment.enrolledAt, completedAt: now },
            }),
          )
        }
        return {
          ...base,
          record: record(decision.outcome, decision.detail),
          next: completed
            ? { status: 'completed', stepId: '', visit: enrolment.visit + 1, dueAt: now, waitUntil: null, exitReason: '', endedAt: now, updatedAt: now }
            : { status: 'active', stepId: decision.next, visit: enrolment.visit + 1, dueAt: now, waitUntil: null, exitReason: '', endedAt: null, updatedAt: now },
          outbox,
          documents,
        }
      }
    }
  }

  #effect(enrolment: EnrolmentRecord, facts: StepFacts, effect: StepEffect, now: number, outbox: OutboxItem[], documents: StepDocumentWrite[]): void {
    const { clock } = this.deps
    const contact = facts.contact
    switch (effect.type) {
      case 'send_email': {
        const payload: WorkflowEmailPayload = {
          workflowId: enrolment.workflowId,
          workflowName: this.deps.workflowName(enrolment.workflowId),
          version: enrolment.version,
          stepId: effect.stepId,
          emailKey: workflowEmailKey(enrolment.workflowId, enrolment.version, effect.stepId),
          templateId: effect.templateId,
          subject: effect.subject,
          contactId: enrolment.contactId,
        }
        outbox.push(this.#item(enrolment, 'email', payload, now))
        return
      }
      case 'patch_contact':
        // Only decided for a live contact (a missing one exits first).
        if (contact !== null) documents.push(contactPatchWrite(clock, this.deps.now, contact, effect.fields))
        return
      case 'create_task':
        documents.push(
          insertWrite(clock, this.deps.now, 'activities', newId(now), {
            kind: 'task',
            contactId: enrolment.contactId,
            companyId: contact?.companyId ?? '',
            subject: effect.title.slice(0, 200),
            body: `Created by the workflow “${this.deps.workflowName(enrolment.workflowId)}”.`,
            occurredAt: now,
            dueAt: effect.dueAt,
            done: false,
            assigneeId: effect.memberId,
            createdAt: now,
          }),
        )
        return
      case 'notify_member':
        // A note that mentions the member lands in their Inbox on every device.
        documents.push(
          insertWrite(clock, this.deps.now, 'activities', newId(now), {
            kind: 'note',
            contactId: enrolment.contactId,
            companyId: contact?.companyId ?? '',
            subject: `Workflow: ${this.deps.workflowName(enrolment.workflowId)}`.slice(0, 200),
            body: effect.message.slice(0, 10_000),
            occurredAt: now,
            mentions: [effect.memberId],
            createdAt: now,
          }),
        )
        return
      case 'call_webhook':
        outbox.push(
          this.#webhookItem(enrolment, now, {
            type: 'workflow.webhook_step',
            endpointId: effect.endpointId,
            // The contact is read when the event is handed over: the outbox row keeps no personal data.
            data: { workflowId: enrolment.workflowId, version: enrolment.version, stepId: enrolment.stepId, contactId: enrolment.contactId },
          }),
        )
        return
    }
  }

  #webhookItem(enrolment: EnrolmentRecord, now: number, payload: WorkflowWebhookPayload): OutboxItem {
    return this.#item(enrolment, 'webhook', payload, now)
  }

  #item(enrolment: EnrolmentRecord, kind: OutboxItem['kind'], payload: WorkflowEmailPayload | WorkflowWebhookPayload, now: number): OutboxItem {
    return {
      id: newId(now),
      workspaceId: enrolment.workspaceId,
      enrolmentId: enrolment.id,
      kind,
      payloadJson: JSON.stringify(payload),
      status: 'queued',
      attempts: 0,
      nextAttemptAt: now,
      lastError: '',
      createdAt: now,
    }
  }
}

