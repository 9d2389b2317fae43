import { AB_TEST_LIMITS, AB_TEST_METRICS, type AbTest, type AbTestMetric, type AbTestVariant } from '../schema/campaigns'

// A/B tests on campaigns (issue 8, item 4): who gets which variant, how likely each variant is
// to be the best, which one wins, and whether a test is set up so it can be run.

/** What assignAbVariants gives a contact outside the test share: it waits for the winner. */
export const AB_REST = 'rest'

export interface AbShares {
  /** Contacts per variant, in variant order (they differ by at most one). */
  perVariant: number[]
  /** Contacts in the test share (the sum of perVariant). */
  test: number
  /** Contacts who get the winner. */
  rest: number
}

/**
 * How an audience splits: round(testPercent% of it) go into the test, at least one per variant
 * while the audience allows, split as evenly as integers can be.
 */
export function abTestShares(audience: number, testPercent: number, variantCount: number): AbShares {
  const size = Math.max(0, Math.floor(audience))
  const variants = Math.max(0, Math.floor(variantCount))
  if (variants === 0) return { perVariant: [], test: 0, rest: size }
  const test = Math.min(size, Math.max(Math.round((size * testPercent) / 100), variants))
  const base = Math.floor(test / variants)
  const extra = test - base * variants
  const perVariant = Array.from({ length: variants }, (_, index) => base + (index < extra ? 1 : 0))
  return { perVariant, test, rest: size - test }
}

/**
 * For each contact (same order as `contactIds`), the id of the variant it gets in the test, or
 * AB_REST. The contacts are shuffled with a generator seeded by `seed` (the campaign id), so a
 * retry after a crash assigns exactly as the first attempt did, and the test share is a random
 * sample rather than the oldest contacts.
 */
export function assignAbVariants(contactIds: readonly string[], abTest: Pick<AbTest, 'variants' | 'testPercent'>, seed: string): string[] {
  const shares = abTestShares(contactIds.length, abTest.testPercent, abTest.variants.length)
  const order = Array.from({ length: contactIds.length }, (_, index) => index)
  const random = seededRandom(seed)
  for (let index = order.length - 1; index > 0; index -= 1) {
    const other = Math.floor(random() * (index + 1))
    const held = order[index] as number
    order[index] = order[other] as number
    order[other] = held
  }
  const assigned = new Array<string>(contactIds.length).fill(AB_REST)
  let position = 0
  shares.perVariant.forEach((count, variantIndex) => {
    const variantId = abTest.variants[variantIndex]?.id ?? AB_REST
    for (let taken = 0; taken < count; taken += 1) {
      assigned[order[position] as number] = variantId
      position += 1
    }
  })
  return assigned
}

/** mulberry32 seeded with a 32-bit FNV-1a hash of the seed: small, fast, and the same everywhere. */
function seededRandom(seed: string): () => number {
  let hash = 0x811c9dc5
  for (let index = 0; index < seed.length; index += 1) {
    hash ^= seed.charCodeAt(index)
    hash = Math.imul(hash, 0x01000193)
  }
  let state = hash >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

export interface AbOutcome {
  id: string
  sent: number
  /** Unique clicks (or opens) among those sent. */
  successes: number
}

const POINTS_PER_VARIANT = 400
const SPREAD_SIGMAS = 10

/**
 * The probability that each variant's true rate is the highest, given what the test saw.
 *
 * Method: each rate has the posterior Beta(1 + successes, 1 + sent − successes) (uniform prior).
 * P(i is best) = ∫ f_i(x) · Π_{j≠i} F_j(x) dx, evaluated on one grid that puts 400 points across
 * each posterior's bulk (mean ± 10 standard deviations), so narrow posteriors of large tests are
 * resolved as well as wide ones. Each posterior becomes a discrete distribution on that grid
 * (trapezoid weights, densities in log space so 100,000 sends do not underflow) and ties on a
 * grid point count half. That keeps the exact property of the continuous answer that a variant
 * with more successes at equal sends is never less likely to be best; the figures are then
 * scaled to sum to 1. Deterministic: no sampling.
 */
export function abConfidence(variants: readonly AbOutcome[]): Map<string, number> {
  const result = new Map<string, number>()
  if (variants.length === 0) return result
  if (variants.length === 1) return new Map([[variants[0]?.id ?? '', 1]])
  const posteriors = variants.map((variant) => {
    const sent = Math.max(0, Math.floor(variant.sent))
    const successes = Math.min(sent, Math.max(0, Math.floor(variant.successes)))
    const alpha = 1 + successes
    const beta = 1 + sent - successes
    const mean = alpha / (alpha + beta)
    const sd = Math.sqrt((alpha * beta) / ((alpha + beta) ** 2 * (alpha + beta + 1)))
    return { alpha, beta, mean, sd }
  })
  const grid = gridFor(posteriors)
  const weights = trapezoidWeights(grid)
  // Discrete masses and their mid-point cumulative (P(X < x) + ½·P(X = x)) per variant.
  const masses = posteriors.map(({ alpha, beta }) => {
    const logs = grid.map((x) => logBetaKernel(x, alpha, beta))
    const top = Math.max(...logs)
    const raw = logs.map((log, index) => Math.exp(log - top) * (weights[index] ?? 0))
    const total = raw.reduce((sum, value) => sum + value, 0)
    return raw.map((value) => value / total)
  })
  const cumulative = masses.map((mass) => {
    let below = 0
    return mass.map((value) => {
      const mid = below + value / 2
      below += value
      return mid
    })
  })
  const raw = variants.map((_, i) => {
    let sum = 0
    const own = masses[i] as number[]
    for (let k = 0; k < grid.length; k += 1) {
      let product = own[k] as number
      for (let j = 0; j < variants.length && product > 0; j += 1) if (j !== i) product *= (cumulative[j] as number[])[k] as number
      sum += product
    }
    return sum
  })
  const total = raw.reduce((sum, value) => sum + value, 0)
  variants.forEach((variant, index) => {
    const value = total > 0 ? (raw[index] as number) / total : 1 / variants.length
    result.set(variant.id, Math.min(1, Math.max(0, value)))
  })
  return result
}

function gridFor(posteriors: ReadonlyArray<{ mean: number; sd: number }>): number[] {
  const points = new Set<number>([0, 1])
  for (const { mean, sd } of posteriors) {
    const low = Math.max(0, mean - SPREAD_SIGMAS * sd)
    const high = Math.min(1, mean + SPREAD_SIGMAS * sd)
    for (let step = 0; step <= POINTS_PER_VARIANT; step += 1) points.add(low + ((high - low) * step) / POINTS_PER_VARIANT)
  }
  return [...points].sort((a, b) => a - b)
}

function trapezoidWeights(grid: readonly number[]): number[] {
  return grid.map((x, index) => {
    const previous = grid[index - 1] ?? x
    const next = grid[index + 1] ?? x
    return (next - previous) / 2
  })
}

/** log(x^(α−1) (1−x)^(β−1)): the Beta density without its constant (masses are normalized anyway). */
function logBetaKernel(x: number, alpha: number, beta: number): number {
  const left = alpha === 1 ? 0 : x <= 0 ? -Infinity : (alpha - 1) * Math.log(x)
  const right = beta === 1 ? 0 : x >= 1 ? -Infinity : (beta - 1) * Math.log(1 - x)
  return left + right
}

export interface AbVariantFigures {
  id: string
  sent: number
  uniqueOpens: number
  uniqueClicks: number
}

export interface AbWinner {
  winnerId: string
  /** The metric picked it, or several variants shared the best rate and the first of them won. */
  decidedBy: AbTestMetric | 'tie'
}

export function successesOf(figures: AbVariantFigures, metric: AbTestMetric): number {
  return metric === 'clicks' ? figures.uniqueClicks : figures.uniqueOpens
}

/** The variant with the highest unique click (or open) rate; a shared best rate goes to the first. */
export function pickAbWinner(variants: readonly AbVariantFigures[], metric: AbTestMetric): AbWinner | null {
  const [first] = variants
  if (first === undefined) return null
  const rate = (figures: AbVariantFigures): number => (figures.sent > 0 ? successesOf(figures, metric) / figures.sent : 0)
  const best = Math.max(...variants.map(rate))
  const leaders = variants.filter((figures) => rate(figures) === best)
  const [leader] = leaders
  return { winnerId: (leader ?? first).id, decidedBy: leaders.length > 1 ? 'tie' : metric }
}

export interface AbTestIssue {
  /** The variant concerned, or '' for the test as a whole. */
  variantId: string
  message: string
}

export interface AbTemplateFacts {
  id: string
  subject: string
  fromName: string
}

export interface AbTestContext {
  /** The campaign's own template (what a variant's '' template stands for), when chosen. */
  campaignTemplate: AbTemplateFacts | null
  /** A live template by id, or null when it does not exist (deleted). */
  templateById: (id: string) => AbTemplateFacts | null
}

/**
 * What a variant sends: its template ('' = the campaign's), and its subject and sender name, where
 * '' means the ones of that template.
 */
export function effectiveVariant(variant: AbTestVariant, context: AbTestContext): { subject: string; fromName: string; templateId: string } {
  const template = variant.templateId === '' ? context.campaignTemplate : context.templateById(variant.templateId)
  return {
    subject: variant.subject.trim() !== '' ? variant.subject.trim() : (template?.subject.trim() ?? ''),
    fromName: variant.fromName.trim() !== '' ? variant.fromName.trim() : (template?.fromName.trim() ?? ''),
    templateId: template?.id ?? '',
  }
}

/** Every problem that stops the test from running, each said so a marketer can fix it. */
export function validateAbTest(abTest: AbTest, context: AbTestContext): AbTestIssue[] {
  const issues: AbTestIssue[] = []
  const whole = (message: string): void => {
    issues.push({ variantId: '', message })
  }
  const { variants } = abTest
  if (variants.length < AB_TEST_LIMITS.minVariants || variants.length > AB_TEST_LIMITS.variants) {
    whole(`An A/B test needs ${AB_TEST_LIMITS.minVariants} to ${AB_TEST_LIMITS.variants} variants`)
  }
  if (!Number.isInteger(abTest.testPercent) || abTest.testPercent < AB_TEST_LIMITS.minTestPercent || abTest.testPercent > AB_TEST_LIMITS.maxTestPercent) {
    whole(`The test share must be between ${AB_TEST_LIMITS.minTestPercent}% and ${AB_TEST_LIMITS.maxTestPercent}%`)
  }
  if (!Number.isInteger(abTest.waitMinutes) || abTest.waitMinutes < AB_TEST_LIMITS.minWaitMinutes || abTest.waitMinutes > AB_TEST_LIMITS.maxWaitMinutes) {
    whole(`The wait before picking a winner must be between ${AB_TEST_LIMITS.minWaitMinutes} minutes and ${AB_TEST_LIMITS.maxWaitMinutes / 1_440} days`)
  }
  if (!AB_TEST_METRICS.includes(abTest.metric)) whole('Pick the winner by clicks or by opens')
  const ids = new Set<string>()
  const names = new Set<string>()
  const contents = new Map<string, string>()
  variants.forEach((variant, index) => {
    const label = variant.name.trim() !== '' ? `Variant “${variant.name.trim()}”` : `Variant ${index + 1}`
    const problem = (message: string): void => {
      issues.push({ variantId: variant.id, message: `${label}: ${message}` })
    }
    if (ids.has(variant.id)) problem('has the same id as another variant')
    ids.add(variant.id)
    const name = variant.name.trim().toLowerCase()
    if (name === '') problem('give it a name')
    else if (names.has(name)) problem('another variant has the same name')
    names.add(name)
    const effective = effectiveVariant(variant, context)
    if (variant.templateId !== '' && effective.templateId === '') problem('its template was deleted: choose another one')
    else if (effective.templateId === '') problem('choose a template for it or for the campaign')
    const key = JSON.stringify([effective.subject, effective.fromName, effective.templateId])
    const twin = contents.get(key)
    if (twin !== undefined) problem(`sends exactly what ${twin} sends: change its subject, sender name or template`)
    else contents.set(key, label.replace(/^Variant /, 'variant '))
  })
  if (abTest.manualWinnerId !== undefined && abTest.manualWinnerId !== '' && !ids.has(abTest.manualWinnerId)) {
    whole('The chosen winner is not one of the variants')
  }
  return issues
}
