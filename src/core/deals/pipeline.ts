import { z } from 'zod'
import type { FieldErrors } from '../contacts/contactInput'
import { err, ok, type Result } from '../result'
import { DEAL_LIMITS, type Deal, type DealStageEntry } from '../schema/deals'
import type { PipelineSetting, PipelineStage } from '../schema/settings'

// Deal moves and closes as pure patches: the board, the table, the detail page and tests all
// compute the same change, and the data layer only writes it.

/**
 * The default pipeline's stages. Stage ids only need to be unique within their pipeline, so they
 * are readable constants: every default-shaped pipeline (the deals screen's first one, demo data)
 * shares them.
 */
export const DEFAULT_PIPELINE_STAGES: readonly PipelineStage[] = [
  { id: 'qualify', name: 'Qualify', probability: 10 },
  { id: 'meeting', name: 'Meeting', probability: 25 },
  { id: 'proposal', name: 'Proposal', probability: 50 },
  { id: 'negotiation', name: 'Negotiation', probability: 75 },
]

export const DEFAULT_PIPELINE_NAME = 'Sales pipeline'

/** The default pipeline's fields (without the envelope and id). */
export function defaultPipelineFields(): Pick<PipelineSetting, 'kind' | 'label' | 'position' | 'stages'> {
  return { kind: 'pipeline', label: DEFAULT_PIPELINE_NAME, position: 0, stages: DEFAULT_PIPELINE_STAGES.map((stage) => ({ ...stage })) }
}

export type DealMovePatch = Pick<Deal, 'stageId' | 'position'> & { stageHistory?: DealStageEntry[] }

/**
 * Moves a deal to a stage and/or a place in its column. The history gains an entry only when the
 * stage changes; an entry never goes before the previous one (a device clock behind the last
 * mover's still keeps the history ordered).
 */
export function moveDeal(
  deal: Pick<Deal, 'stageId' | 'stageHistory'>,
  toStageId: string,
  position: number,
  at: number,
): DealMovePatch {
  if (deal.stageId === toStageId) return { stageId: toStageId, position }
  const last = deal.stageHistory.at(-1)
  const entry: DealStageEntry = { stageId: toStageId, at: Math.max(at, last?.at ?? 0) }
  return { stageId: toStageId, position, stageHistory: [...deal.stageHistory, entry].slice(-DEAL_LIMITS.stageHistory) }
}

export type DealOutcome = 'won' | 'lost'
export type DealClosePatch = Pick<Deal, 'status' | 'lostReason' | 'closeDate'> & { closedAt: number }

/**
 * Marks a deal won or lost. Lost needs a reason (the forecast and the team learn from it).
 * The close date becomes the day it really closed. Closing a closed deal again is allowed
 * (won → lost, or a better reason).
 */
export function closeDeal(
  _deal: Pick<Deal, 'status'>,
  outcome: DealOutcome,
  at: number,
  lostReason?: string,
): Result<DealClosePatch, string> {
  const reason = (lostReason ?? '').trim()
  if (outcome === 'lost' && reason === '') return err('Say why the deal was lost')
  if (reason.length > DEAL_LIMITS.lostReason) return err(`The reason must be at most ${DEAL_LIMITS.lostReason} characters`)
  return ok({ status: outcome, closedAt: at, closeDate: dayOf(at), lostReason: outcome === 'lost' ? reason : '' })
}

/** Reopening: back to open in the stage it had; `remove` lists the fields to clear. */
export function reopenDeal(): { patch: Pick<Deal, 'status' | 'lostReason'>; remove: ['closedAt'] } {
  return { patch: { status: 'open', lostReason: '' }, remove: ['closedAt'] }
}

/** Local calendar day of a timestamp, YYYY-MM-DD. */
export function dayOf(at: number): string {
  const date = new Date(at)
  const pad = (value: number) => String(value).padStart(2, '0')
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`
}

// ---------------------------------------------------------------------------------------------
// Fractional ordering

export const POSITION_STEP = 1024
const POSITION_LIMIT = 1e12

/**
 * A position strictly between two neighbours (either may be missing: top or bottom of a column),
 * so a move rewrites one deal. When the neighbours are too close for a number between them
 * (after thousands of moves into one gap), the result equals a neighbour: renumber the column
 * with `spacedPositions`.
 */
export function positionBetween(before?: number, after?: number): number {
  if (before === undefined && after === undefined) return 0
  if (before === undefined) return clampPosition((after as number) - POSITION_STEP)
  if (after === undefined) return clampPosition(before + POSITION_STEP)
  return before + (after - before) / 2
}

/** Whether `position` really sits between its neighbours (false: renumber the column). */
export function fitsBetween(position: number, before?: number, after?: number): boolean {
  return (before === undefined || position > before) && (after === undefined || position < after)
}

/** Evenly spaced positions for a column of `count` deals. */
export function spacedPositions(count: number): number[] {
  return Array.from({ length: count }, (_, index) => index * POSITION_STEP)
}

function clampPosition(position: number): number {
  return Math.min(POSITION_LIMIT, Math.max(-POSITION_LIMIT, position))
}

// ---------------------------------------------------------------------------------------------
// Form input

export type DealInput = Pick<Deal, 'name' | 'amount' | 'currency' | 'closeDate' | 'ownerId' | 'contactId' | 'companyId'>

/** Raw form values: everything arrives as text. */
export interface DealFormValues {
  name?: string
  amount?: string
  currency?: string
  closeDate?: string
  ownerId?: string
  contactId?: string
  companyId?: string
}

const MAX_AMOUNT = 1e13
const DAY_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/

const dealFormSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the deal a name')
    .max(DEAL_LIMITS.name, `The name must be at most ${DEAL_LIMITS.name} characters`),
  currency: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z]{3}$/, 'Use a three-letter currency code, like USD or EUR'),
  closeDate: z
    .string()
    .trim()
    .refine((value) => value === '' || isCalendarDay(value), 'Enter a date as YYYY-MM-DD'),
  ownerId: z.string().max(26),
  contactId: z.string().max(26),
  companyId: z.string().max(26),
})

/**
 * Validates the deal form. Either every field is valid and the normalized input comes back
 * (amount in minor units of the currency), or each bad field has its own message.
 */
export function validateDealInput(values: DealFormValues): Result<DealInput, FieldErrors> {
  const errors: FieldErrors = {}
  const parsed = dealFormSchema.safeParse({
    name: values.name ?? '',
    currency: values.currency ?? 'USD',
    closeDate: values.closeDate ?? '',
    ownerId: values.ownerId ?? '',
    contactId: values.contactId ?? '',
    companyId: values.companyId ?? '',
  })
  if (!parsed.success) {
    for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? 'form')] ??= issue.message
  }
  const currency = parsed.success ? parsed.data.currency : 'USD'
  const amount = parseAmount(values.amount ?? '', currency)
  if (!amount.ok) errors.amount = amount.error
  if (!parsed.success || !amount.ok || Object.keys(errors).length > 0) return err(errors)
  return ok({ ...parsed.data, amount: amount.value })
}

/** Same as validateDealInput (the name the issue's contract uses). */
export const dealInput = validateDealInput

/** Digits after the decimal point of a currency (USD 2, JPY 0, BHD 3). */
export function currencyDigits(currency: string): number {
  try {
    return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2
  } catch {
    return 2
  }
}

/**
 * Amount text → minor units. Accepts "12500", "12,500.50", "12 500,50", "$ 1,200"; an empty
 * field is 0. A comma followed by exactly three digits is a thousands separator.
 */
export function parseAmount(text: string, currency: string): Result<number, string> {
  const digits = currencyDigits(currency)
  const cleaned = withoutCurrencyMarks(text.replace(/[\s_'\u00a0]/g, ''), currency)
  if (cleaned === '') return ok(0)
  if (cleaned.startsWith('-')) return err('The amount cannot be negative')
  if (!/^[\d.,]+$/.test(cleaned)) return err('Enter an amount, like 12,500.00')
  const decimalAt = decimalSeparatorIndex(cleaned)
  if (decimalAt === INVALID) return err('Enter an amount, like 12,500.00')
  const grouped = decimalAt >= 0 ? cleaned.slice(0, decimalAt) : cleaned
  if (/[.,]/.test(grouped) && !GROUPED_PATTERN.test(grouped)) return err('Enter an amount, like 12,500.00')
  const whole = grouped.replace(/[.,]/g, '')
  const fraction = decimalAt >= 0 ? cleaned.slice(decimalAt + 1) : ''
  if (whole === '' && fraction === '') return err('Enter an amount, like 12,500.00')
  if (fraction.length > digits) {
    return err(digits === 0 ? `${currency} amounts have no decimals` : `At most ${digits} decimals for ${currency}`)
  }
  const minor = Number(whole || '0') * 10 ** digits + Number(fraction.padEnd(digits, '0') || '0')
  if (!Number.isSafeInteger(minor) || minor > MAX_AMOUNT) return err('That amount is too large')
  return ok(minor)
}

/** Minor units → the plain text the amount field shows (no grouping, so it parses back). */
export function amountText(amount: number, currency: string): string {
  const digits = currencyDigits(currency)
  if (digits === 0) return String(amount)
  const text = String(amount).padStart(digits + 1, '0')
  return `${text.slice(0, -digits)}.${text.slice(-digits)}`
}

/**
 * Where the decimal separator is, or -1. With both '.' and ',' the last one is decimal; a
 * separator repeated is grouping ("1,500,000"); a single comma before exactly three digits is
 * grouping ("1,500"); otherwise a single separator is decimal ("12.50", "12,5").
 */
const INVALID = -2
const GROUPED_PATTERN = /^\d{1,3}([.,])\d{3}(?:\1\d{3})*$/

/** "$1,200", "1200 USD", "€ 5": a currency sign or the deal's own code around the number. */
function withoutCurrencyMarks(text: string, currency: string): string {
  const code = currency.toUpperCase()
  let result = text.replace(/^\p{Sc}|\p{Sc}$/gu, '')
  if (result.toUpperCase().startsWith(code)) result = result.slice(code.length)
  if (result.toUpperCase().endsWith(code)) result = result.slice(0, -code.length)
  return result
}

function decimalSeparatorIndex(text: string): number {
  const lastDot = text.lastIndexOf('.')
  const lastComma = text.lastIndexOf(',')
  const at = Math.max(lastDot, lastComma)
  if (at < 0) return -1
  const separator = text[at] as string
  if (lastDot >= 0 && lastComma >= 0) return text.indexOf(separator) === at ? at : INVALID
  if (text.indexOf(separator) !== at) return -1
  if (separator === ',' && text.length - at - 1 === 3) return -1
  return at
}

function isCalendarDay(text: string): boolean {
  const match = DAY_PATTERN.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

/** The stage after/before `stageId` in a pipeline (keyboard moves, the stage bar). */
export function neighbourStage(pipeline: Pick<PipelineSetting, 'stages'>, stageId: string, step: 1 | -1): PipelineStage | undefined {
  const index = pipeline.stages.findIndex((stage) => stage.id === stageId)
  return index < 0 ? undefined : pipeline.stages[index + step]
}

// ---------------------------------------------------------------------------------------------
// Pipeline settings

export interface PipelineDraft {
  label: string
  stages: { id: string; name: string; probability: number | string }[]
}

/**
 * A pipeline as edited in Settings: a name, 1–30 stages with unique ids, names and whole-number
 * probabilities 0–100. Errors are keyed `label`, `stages`, `stages.<index>.name|probability`.
 */
export function validatePipelineDraft(draft: PipelineDraft): Result<Pick<PipelineSetting, 'label' | 'stages'>, FieldErrors> {
  const errors: FieldErrors = {}
  const label = draft.label.trim()
  if (!label) errors.label = 'Give the pipeline a name'
  else if (label.length > 80) errors.label = 'The name must be at most 80 characters'
  if (draft.stages.length === 0) errors.stages = 'A pipeline needs at least one stage'
  if (draft.stages.length > 30) errors.stages = 'At most 30 stages'
  const seenNames = new Set<string>()
  const seenIds = new Set<string>()
  const stages: PipelineStage[] = draft.stages.map((stage, index) => {
    const name = stage.name.trim()
    const probability = typeof stage.probability === 'number' ? stage.probability : Number(stage.probability.trim() || NaN)
    if (!name) errors[`stages.${index}.name`] = 'Name the stage'
    else if (name.length > 60) errors[`stages.${index}.name`] = 'At most 60 characters'
    else if (seenNames.has(name.toLowerCase())) errors[`stages.${index}.name`] = 'Another stage has this name'
    if (!Number.isInteger(probability) || probability < 0 || probability > 100) errors[`stages.${index}.probability`] = 'A whole number from 0 to 100'
    if (seenIds.has(stage.id) || !stage.id) errors.stages = 'Stage ids must be unique'
    seenNames.add(name.toLowerCase())
    seenIds.add(stage.id)
    return { id: stage.id, name, probability }
  })
  return Object.keys(errors).length > 0 ? err(errors) : ok({ label, stages })
}
