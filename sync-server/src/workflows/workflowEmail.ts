import type { Company, Contact, Template } from '@core/schema'
import { compileEmail, hasUnsubscribeLink } from '@core/templates/emailTemplate'
import type { CompiledEmail } from '@core/templates/emailTemplate'
import { UNSUBSCRIBE_URL_TAG } from '@core/templates/mergeTags'
import type { OutgoingMessage } from '../sending/mailer'
import { buildCampaignMessage } from '../sending/messageBuilder'
import type { CampaignMessageContext } from '../sending/messageBuilder'
import type { SendingStore } from '../storage/sendingPort'

// A workflow email is a tiny campaign of its own: its tracking "campaign id" is the email key
// (workflowEmailKey of workflow, version and step), so opens, clicks and unsubscribes go through
// the same endpoints. The first send of a key stores its run (links + the template as it was)
// with zero recipients; every later send of that key renders that stored template, so the links
// a click token names never shift, and contacts on one version all get the same email.

/** What an email outbox item carries (OutboxItem.payloadJson). */
export interface WorkflowEmailPayload {
  workflowId: string
  workflowName: string
  version: number
  stepId: string
  emailKey: string
  templateId: string
  /** The step's subject override ('' = the template's subject). */
  subject: string
  contactId: string
}

export type EmailRun = { ok: true; context: CampaignMessageContext } | { ok: false; reason: string }

export interface EmailRunDeps {
  sending: Pick<SendingStore, 'getCampaignRun' | 'getDocuments' | 'materializeCampaign'>
  publicUrl: string
  secret: string
  now: () => number
}

/** Why a template cannot go out as a workflow email, or null when it can. */
export function templateProblem(template: Template): string | null {
  if (template.subject.trim() === '') return 'the template has no subject'
  if (template.fromEmail.trim() === '') return 'the template has no sender address'
  if (!hasUnsubscribeLink(template.html)) return `the template has no unsubscribe link (link to {{ ${UNSUBSCRIBE_URL_TAG} }})`
  return null
}

/** The run of this email key: stored on first use, then read back (and compiled once per process). */
export async function loadEmailRun(deps: EmailRunDeps, workspaceId: string, payload: WorkflowEmailPayload, cache: Map<string, CompiledEmail>): Promise<EmailRun> {
  let run = await deps.sending.getCampaignRun(workspaceId, payload.emailKey)
  if (run === null) {
    const stored = (await deps.sending.getDocuments(workspaceId, 'templates', [payload.templateId])).get(payload.templateId) as Template | undefined
    if (stored === undefined) return { ok: false, reason: 'the email’s template no longer exists' }
    const template: Template = payload.subject.trim() === '' ? stored : { ...stored, subject: payload.subject }
    const problem = templateProblem(template)
    if (problem !== null) return { ok: false, reason: problem }
    const compiled = compileEmail(template)
    if (!compiled.ok) return { ok: false, reason: `the template has errors: ${compiled.error[0]?.message ?? 'unknown'}` }
    // Another instance may store it first: materializeCampaign keeps the first and returns it.
    run = (
      await deps.sending.materializeCampaign({
        workspaceId,
        campaignId: payload.emailKey,
        links: [...compiled.value.links],
        templateJson: JSON.stringify(template),
        recipients: [],
        suppressed: 0,
        duplicates: 0,
        createdAt: deps.now(),
      })
    ).run
  }
  const template = JSON.parse(run.templateJson) as Template
  let compiled = cache.get(`${workspaceId}:${payload.emailKey}`)
  if (compiled === undefined) {
    const result = compileEmail(template)
    if (!result.ok) return { ok: false, reason: `the template has errors: ${result.error[0]?.message ?? 'unknown'}` }
    compiled = result.value
    cache.set(`${workspaceId}:${payload.emailKey}`, compiled)
  }
  return {
    ok: true,
    context: {
      workspaceId,
      campaign: { id: payload.emailKey, name: payload.workflowName },
      compiled,
      from: { name: template.fromName, address: template.fromEmail.trim() },
      publicUrl: deps.publicUrl,
      secret: deps.secret,
    },
  }
}

/** The message, with the campaign headers (List-Unsubscribe, one-click, List-Id) and the workflow's. */
export function buildWorkflowMessage(context: CampaignMessageContext, payload: WorkflowEmailPayload, contact: Contact, company: Company | null, issuedAt: number): OutgoingMessage {
  const message = buildCampaignMessage(context, { contactId: contact.id, email: contact.email.trim().toLowerCase() }, contact, company, issuedAt)
  return {
    ...message,
    headers: {
      ...message.headers,
      'X-Outpost-Workflow': { prepared: true, value: payload.workflowId },
      'X-Outpost-Workflow-Step': { prepared: true, value: `${payload.version}.${payload.stepId}` },
    },
  }
}
