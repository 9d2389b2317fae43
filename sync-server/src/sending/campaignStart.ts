import { transitionCampaign } from '@core/campaigns/campaignStateMachine'
import type { CampaignAction } from '@core/campaigns/campaignStateMachine'
import type { AbTest, CampaignStatus, Company, Contact, EngagementEvent, Segment, Template } from '@core/schema'
import { buildEngagementIndex, segmentMatcher } from '@core/segments/evaluateSegment'
import { compileEmail, hasUnsubscribeLink } from '@core/templates/emailTemplate'
import { UNSUBSCRIBE_URL_TAG } from '@core/templates/mergeTags'
import type { ServerDocuments, ServerPatch } from '../serverDocuments'
import type { SendingConfigSource } from '../sendingSettings/sendingConfig'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import type { StoragePort } from '../storage/port'
import { abResultOf, parseRunAbTest, planAbTest } from './abRun'
import { selectRecipients } from './selectRecipients'
import { withDeliveryStats } from './sendingStats'

// Starting a due campaign: check it can be sent, materialize its recipients once (the queue),
// then move it to 'sending'. A campaign that cannot go out goes back to draft with the reason.

export interface CampaignStartDeps {
  storage: StoragePort
  documents: ServerDocuments
  configSource: SendingConfigSource
  now: () => number
}

export type CampaignStartOutcome =
  | { kind: 'started'; recipients: number }
  | { kind: 'refused'; reason: string }
  /** Someone else moved the campaign meanwhile (cancelled it, another instance started it). */
  | { kind: 'unchanged' }

type Doc = Record<string, unknown>

const PAGE = 5_000

export async function startCampaign(deps: CampaignStartDeps, workspaceId: string, campaign: Doc): Promise<CampaignStartOutcome> {
  const campaignId = String(campaign.id)
  const existing = await deps.storage.sending.getCampaignRun(workspaceId, campaignId)
  if (existing !== null) return (await markStarted(deps, workspaceId, campaignId)) ? { kind: 'started', recipients: existing.total } : { kind: 'unchanged' }

  const plan = await planRun(deps, workspaceId, campaign)
  if (!plan.ok) {
    const moved = await moveCampaign(deps, workspaceId, campaignId, 'unschedule', () => ({ statusReason: plan.reason }))
    return moved ? { kind: 'refused', reason: plan.reason } : { kind: 'unchanged' }
  }
  const { run } = await deps.storage.sending.materializeCampaign(plan.value)
  return (await markStarted(deps, workspaceId, campaignId)) ? { kind: 'started', recipients: run.total } : { kind: 'unchanged' }
}

/** Applies `action` (as the server) to the stored campaign, if still legal, with extra fields. */
export async function moveCampaign(
  deps: Pick<CampaignStartDeps, 'documents'>,
  workspaceId: string,
  campaignId: string,
  action: CampaignAction,
  fields: (current: Doc) => Doc,
): Promise<boolean> {
  const patch: ServerPatch = (current) => {
    const next = transitionCampaign(current.status as CampaignStatus, action, 'server')
    return next.ok ? { ...fields(current), status: next.value } : null
  }
  const written = await deps.documents.patch(workspaceId, 'campaigns', new Map([[campaignId, patch]]))
  return written.length > 0
}

async function markStarted(deps: CampaignStartDeps, workspaceId: string, campaignId: string): Promise<boolean> {
  const run = await deps.storage.sending.getCampaignRun(workspaceId, campaignId)
  if (run === null) return false
  const now = deps.now()
  const counts = await deps.storage.sending.countRecipients(workspaceId, campaignId)
  // An A/B test shows its variants (and phase 'testing') from the moment it starts.
  const abResult =
    run.abTestJson === undefined ? undefined : abResultOf(parseRunAbTest(run.abTestJson), run, await deps.storage.sending.abVariantFigures(workspaceId, campaignId), counts)
  return moveCampaign(deps, workspaceId, campaignId, 'start', (current) => ({
    startedAt: now,
    statusReason: '',
    stats: withDeliveryStats(current.stats, run, counts, now),
    ...(abResult === undefined ? {} : { abResult }),
  }))
}

type Plan = { ok: true; value: Parameters<StoragePort['sending']['materializeCampaign']>[0] } | { ok: false; reason: string }

async function planRun(deps: CampaignStartDeps, workspaceId: string, campaign: Doc): Promise<Plan> {
  const refuse = (reason: string): Plan => ({ ok: false, reason })
  const segmentId = String(campaign.segmentId ?? '')
  const templateId = String(campaign.templateId ?? '')
  const segment = segmentId === '' ? undefined : (await deps.storage.sending.getDocuments(workspaceId, 'segments', [segmentId])).get(segmentId)
  if (segment === undefined) return refuse('No audience: the campaign’s segment or list was not chosen or no longer exists.')
  const template = templateId === '' ? undefined : ((await deps.storage.sending.getDocuments(workspaceId, 'templates', [templateId])).get(templateId) as Template | undefined)
  if (template === undefined) return refuse('No content: the campaign’s template was not chosen or no longer exists.')

  if (template.subject.trim() === '') return refuse('The template has no subject.')
  if (template.fromEmail.trim() === '') return refuse('The template has no sender address.')
  if (!hasUnsubscribeLink(template.html)) return refuse(`The template has no unsubscribe link: link to {{ ${UNSUBSCRIBE_URL_TAG} }}.`)
  const compiled = compileEmail(template)
  if (!compiled.ok) {
    const [first] = compiled.error
    return refuse(`The template has errors${first === undefined ? '' : `: ${first.message} (${first.field}, line ${first.line})`}.`)
  }

  let fromIdentities: ReadonlyArray<{ email: string }>
  try {
    fromIdentities = (await deps.configSource.forWorkspace(workspaceId)).fromIdentities
  } catch (error) {
    return refuse(`Sending is not configured: ${error instanceof Error ? error.message : String(error)}.`)
  }
  const fromEmail = template.fromEmail.trim().toLowerCase()
  if (fromIdentities.length > 0 && !fromIdentities.some((identity) => identity.email.trim().toLowerCase() === fromEmail)) {
    return refuse(`${template.fromEmail} is not one of the workspace’s sender addresses (Settings → Sending).`)
  }

  const now = deps.now()
  const rulesMentionEngagement = JSON.stringify((segment as Segment).rules ?? {}).includes('"engagement.')
  const [contacts, companies, events, suppressed] = await Promise.all([
    readCollection(deps.storage, workspaceId, 'contacts'),
    readCollection(deps.storage, workspaceId, 'companies'),
    rulesMentionEngagement ? readCollection(deps.storage, workspaceId, 'events') : Promise.resolve([]),
    deps.storage.sending.listSuppressedEmails(workspaceId),
  ])
  const companiesById = new Map(companies.map((company) => [String(company.id), company as unknown as Company]))
  const matches = segmentMatcher(segment as Segment, {
    companiesById,
    engagement: buildEngagementIndex(events as unknown as EngagementEvent[]),
    now,
  })
  const selection = selectRecipients(contacts as unknown as Contact[], matches, suppressed)
  if (selection.recipients.length === 0) {
    return refuse('Nobody to send to: the audience is empty once unsubscribed, bounced and suppressed addresses are left out.')
  }
  const base = {
    workspaceId,
    campaignId: String(campaign.id),
    templateJson: JSON.stringify(template),
    suppressed: selection.suppressed,
    duplicates: selection.duplicates,
    createdAt: now,
  }
  const abTest = campaign.abTest as AbTest | undefined
  if (abTest === undefined) return { ok: true, value: { ...base, links: [...compiled.value.links], recipients: selection.recipients } }

  const variantTemplateIds = [...new Set(abTest.variants.map((variant) => variant.templateId).filter((id) => id !== ''))]
  const variantTemplates =
    variantTemplateIds.length === 0 ? new Map<string, Template>() : ((await deps.storage.sending.getDocuments(workspaceId, 'templates', variantTemplateIds)) as Map<string, Template>)
  const ab = planAbTest({
    campaignId: base.campaignId,
    abTest,
    template,
    templateLinks: compiled.value.links,
    variantTemplates,
    fromIdentities,
    recipients: selection.recipients,
  })
  if (!ab.ok) return refuse(ab.reason)
  return { ok: true, value: { ...base, links: ab.links, recipients: ab.recipients, abTestJson: ab.abTestJson } }
}

/** Every live document of a collection, parsed (in pages, so memory holds parsed documents only). */
async function readCollection(storage: StoragePort, workspaceId: string, collection: string): Promise<Doc[]> {
  const documents: Doc[] = []
  let checkpoint: ReplicationCheckpoint | null = null
  for (;;) {
    const page = await storage.pull(workspaceId, collection, checkpoint, PAGE)
    for (const stored of page.documents) {
      const doc = JSON.parse(stored.json) as Doc
      if (doc._deleted !== true) documents.push(doc)
    }
    if (page.documents.length < PAGE) return documents
    checkpoint = page.checkpoint
  }
}
