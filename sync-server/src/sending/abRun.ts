import { abConfidence, AB_REST, assignAbVariants, pickAbWinner, successesOf, validateAbTest } from '@core/campaigns/abTest'
import type { AbResult, AbTest, AbTestMetric, Template } from '@core/schema'
import { AB_TEST_METRICS } from '@core/schema/campaigns'
import { compileEmail, hasUnsubscribeLink } from '@core/templates/emailTemplate'
import { UNSUBSCRIBE_URL_TAG } from '@core/templates/mergeTags'
import type { AbDecision, AbVariantFigures, CampaignRun, MaterializedRecipient, RecipientCounts } from '../storage/sendingPort'

// A/B tests on the server (issue 8, item 4). At the start the variants are fixed into the run
// (each with its template, overrides applied, and where its links sit in the run's link list);
// the test share is queued with its variants and the rest held. Everything after that (testing,
// waiting, the decision, sending the winner) follows from the stored rows and the run, so a
// restart picks up where the last process stopped.

export interface RunAbVariant {
  id: string
  name: string
  /** The variant's template as sent: subject and sender name overrides applied (JSON). */
  templateJson: string
  /** Index of this template's first link in the run's links (click tokens carry offset + index). */
  linkOffset: number
}

/** What a run keeps of the A/B test (campaign_runs.ab_test). */
export interface RunAbTest {
  variants: RunAbVariant[]
  metric: AbTestMetric
  waitMinutes: number
  testPercent: number
}

export function parseRunAbTest(json: string): RunAbTest {
  const parsed = JSON.parse(json) as Partial<RunAbTest>
  if (!Array.isArray(parsed.variants) || typeof parsed.waitMinutes !== 'number' || !AB_TEST_METRICS.includes(parsed.metric as AbTestMetric)) {
    throw new Error('stored A/B test of a campaign run is malformed')
  }
  return { variants: parsed.variants, metric: parsed.metric as AbTestMetric, waitMinutes: parsed.waitMinutes, testPercent: parsed.testPercent ?? 0 }
}

export type AbPlan = { ok: true; links: string[]; abTestJson: string; recipients: MaterializedRecipient[] } | { ok: false; reason: string }

export interface AbPlanInput {
  campaignId: string
  abTest: AbTest
  /** The campaign's own template, already checked. */
  template: Template
  /** Its compiled links (the run's links start with them). */
  templateLinks: readonly string[]
  /** Live templates the variants name, by id. */
  variantTemplates: ReadonlyMap<string, Template>
  /** The sender addresses allowed (empty = any). */
  fromIdentities: ReadonlyArray<{ email: string }>
  recipients: readonly MaterializedRecipient[]
}

/** Fixes the variants into the run and splits the audience; refuses a test that cannot run. */
export function planAbTest(input: AbPlanInput): AbPlan {
  const { abTest, template } = input
  const refuse = (reason: string): AbPlan => ({ ok: false, reason })
  const facts = (candidate: Template) => ({ id: candidate.id, subject: candidate.subject, fromName: candidate.fromName })
  const [issue] = validateAbTest(abTest, {
    campaignTemplate: facts(template),
    templateById: (id) => {
      const found = input.variantTemplates.get(id)
      return found === undefined ? null : facts(found)
    },
  })
  if (issue !== undefined) return refuse(`The A/B test is not ready: ${issue.message}.`)

  const links = [...input.templateLinks]
  const offsets = new Map<string, number>([[template.id, 0]])
  const variants: RunAbVariant[] = []
  for (const variant of abTest.variants) {
    const base = variant.templateId === '' ? template : input.variantTemplates.get(variant.templateId)
    if (base === undefined) return refuse(`The A/B test is not ready: the template of variant “${variant.name}” no longer exists.`)
    const sent: Template = {
      ...base,
      subject: variant.subject.trim() !== '' ? variant.subject.trim() : base.subject,
      fromName: variant.fromName.trim() !== '' ? variant.fromName.trim() : base.fromName,
    }
    const label = `Variant “${variant.name}”`
    if (sent.subject.trim() === '') return refuse(`${label} has no subject.`)
    if (sent.fromEmail.trim() === '') return refuse(`${label}’s template has no sender address.`)
    if (!hasUnsubscribeLink(sent.html)) return refuse(`${label}’s template has no unsubscribe link: link to {{ ${UNSUBSCRIBE_URL_TAG} }}.`)
    const fromEmail = sent.fromEmail.trim().toLowerCase()
    if (input.fromIdentities.length > 0 && !input.fromIdentities.some((identity) => identity.email.trim().toLowerCase() === fromEmail)) {
      return refuse(`${label}: ${sent.fromEmail} is not one of the workspace’s sender addresses (Settings → Sending).`)
    }
    const compiled = compileEmail(sent)
    if (!compiled.ok) {
      const [first] = compiled.error
      return refuse(`${label} has errors${first === undefined ? '' : `: ${first.message} (${first.field}, line ${first.line})`}.`)
    }
    let offset = offsets.get(base.id)
    if (offset === undefined) {
      offset = links.length
      offsets.set(base.id, offset)
      links.push(...compiled.value.links)
    }
    variants.push({ id: variant.id, name: variant.name, templateJson: JSON.stringify(sent), linkOffset: offset })
  }

  // Seeded with the campaign id: a start retried after a crash splits the audience the same way.
  const assigned = assignAbVariants(input.recipients.map((recipient) => recipient.contactId), abTest, input.campaignId)
  const recipients = input.recipients.map((recipient, index) => {
    const variant = assigned[index] ?? AB_REST
    return variant === AB_REST ? { ...recipient, held: true } : { ...recipient, variant }
  })
  const stored: RunAbTest = { variants, metric: abTest.metric, waitMinutes: abTest.waitMinutes, testPercent: abTest.testPercent }
  return { ok: true, links, abTestJson: JSON.stringify(stored), recipients }
}

/** When the test share's wait ends: its first send plus the wait (the run's start before any send). */
export function abTestEndsAt(setup: RunAbTest, run: CampaignRun, figures: readonly AbVariantFigures[]): number {
  const firstSends = figures.map((figure) => figure.firstSentAt).filter((at): at is number => at !== null)
  const start = firstSends.length > 0 ? Math.min(...firstSends) : run.createdAt
  return start + setup.waitMinutes * 60_000
}

/** The member's pick from the campaign document, when it names one of the run's variants. */
export function manualWinnerOf(setup: RunAbTest, campaign: Record<string, unknown>): string | null {
  const abTest = campaign.abTest as Partial<AbTest> | undefined
  const picked = typeof abTest?.manualWinnerId === 'string' ? abTest.manualWinnerId : ''
  return picked !== '' && setup.variants.some((variant) => variant.id === picked) ? picked : null
}

/** The metric's decision once the test share is sent and the wait is over; null while not due. */
export function metricDecision(setup: RunAbTest, run: CampaignRun, figures: readonly AbVariantFigures[], now: number): AbDecision | null {
  if (figures.some((figure) => figure.pending > 0) || now < abTestEndsAt(setup, run, figures)) return null
  const winner = pickAbWinner(orderedFigures(setup, figures), setup.metric)
  return winner === null ? null : { winnerId: winner.winnerId, decidedBy: winner.decidedBy, decidedAt: now }
}

function orderedFigures(setup: RunAbTest, figures: readonly AbVariantFigures[]) {
  const byId = new Map(figures.map((figure) => [figure.variantId, figure]))
  return setup.variants.map((variant) => {
    const figure = byId.get(variant.id)
    return { id: variant.id, recipients: figure?.recipients ?? 0, sent: figure?.sent ?? 0, uniqueOpens: figure?.uniqueOpens ?? 0, uniqueClicks: figure?.uniqueClicks ?? 0, pending: figure?.pending ?? 0 }
  })
}

/** The campaign document's abResult: phase, when the winner is picked, and each variant with its confidence. */
export function abResultOf(setup: RunAbTest, run: CampaignRun, figures: readonly AbVariantFigures[], counts: RecipientCounts): AbResult {
  const variants = orderedFigures(setup, figures)
  const confidence = abConfidence(variants.map((variant) => ({ id: variant.id, sent: variant.sent, successes: successesOf(variant, setup.metric) })))
  const decision = run.abDecision
  const testing = variants.some((variant) => variant.pending > 0)
  const phase: AbResult['phase'] =
    decision !== undefined ? (counts.queued + counts.sending + counts.held > 0 ? 'sending_winner' : 'done') : testing ? 'testing' : 'waiting'
  return {
    phase,
    testRecipients: variants.reduce((sum, variant) => sum + variant.recipients, 0),
    testEndsAt: abTestEndsAt(setup, run, figures),
    winnerId: decision?.winnerId ?? '',
    ...(decision === undefined ? {} : { decidedAt: decision.decidedAt, decidedBy: decision.decidedBy as NonNullable<AbResult['decidedBy']> }),
    variants: variants.map((variant) => ({
      id: variant.id,
      recipients: variant.recipients,
      sent: variant.sent,
      uniqueOpens: variant.uniqueOpens,
      uniqueClicks: variant.uniqueClicks,
      confidence: confidence.get(variant.id) ?? 0,
    })),
  }
}
