import { newId } from '@core/ids'
import type { ScoringConfig } from '@core/scoring/score'
import type { ScoringEvent, ScoringFieldOperator, ScoringRule } from '@core/schema'

// What the Lead scoring form edits: numbers stay text while typed, so "-" or "" are not lost
// mid-edit; they are parsed (and validated) only on save.

export interface DraftRule extends Omit<ScoringRule, 'points'> {
  points: string
}

export interface ScoringDraft {
  rules: DraftRule[]
  decayDays: string
  mqlThreshold: string
  sqlThreshold: string
}

export function draftFromConfig(config: ScoringConfig): ScoringDraft {
  return {
    rules: config.rules.map((rule) => ({ ...rule, points: String(rule.points) })),
    decayDays: String(config.decayDays),
    mqlThreshold: String(config.mqlThreshold),
    sqlThreshold: String(config.sqlThreshold),
  }
}

/** Blank or non-numeric text becomes NaN, which validation reports as "a whole number". */
function parseNumber(text: string): number {
  const trimmed = text.trim()
  return trimmed === '' ? Number.NaN : Number(trimmed)
}

/** The config the draft describes; field-rule parts an operator does not use are left out. */
export function configFromDraft(draft: ScoringDraft): ScoringConfig {
  return {
    rules: draft.rules.map((rule) => {
      const points = parseNumber(rule.points)
      if (rule.kind === 'event') return { id: rule.id, kind: 'event', event: rule.event, points, enabled: rule.enabled } as ScoringRule
      const needsValue = rule.operator !== 'isEmpty' && rule.operator !== 'notEmpty'
      return {
        id: rule.id,
        kind: 'field',
        field: rule.field,
        operator: rule.operator,
        ...(needsValue ? { value: (rule.value ?? '').trim() } : {}),
        points,
        enabled: rule.enabled,
      } as ScoringRule
    }),
    decayDays: parseNumber(draft.decayDays),
    mqlThreshold: parseNumber(draft.mqlThreshold),
    sqlThreshold: parseNumber(draft.sqlThreshold),
  }
}

export function newFieldRule(field = 'title', operator: ScoringFieldOperator = 'contains'): DraftRule {
  return { id: newId(), kind: 'field', field, operator, value: '', points: '10', enabled: true }
}

export function newEventRule(event: ScoringEvent = 'clicked'): DraftRule {
  return { id: newId(), kind: 'event', event, points: '5', enabled: true }
}

/** Whether two configs save the same thing (the form's "unsaved changes"). */
export function sameConfig(a: ScoringConfig, b: ScoringConfig): boolean {
  return JSON.stringify(a) === JSON.stringify(b)
}
