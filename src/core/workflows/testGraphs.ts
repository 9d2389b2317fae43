import type { SegmentRules, WorkflowGraph, WorkflowSettings, WorkflowStep } from '../schema'
import { aContact } from '../testing/contactFixture'
import type { StepFacts } from './types'

// Builders for the workflow engine's tests (not shipped code paths).

export const DAY = 86_400_000
export const T0 = Date.UTC(2026, 10, 30, 12) // Monday 30 Nov 2026, 12:00 UTC

export const SETTINGS: WorkflowSettings = { reenrol: 'never', exitOnUnsubscribe: true }

export function aGraph(steps: WorkflowStep[], entryStepId = steps[0]?.id ?? ''): WorkflowGraph {
  return { trigger: { type: 'manual' }, entryStepId, steps }
}

export function someFacts(overrides: Partial<StepFacts> = {}): StepFacts {
  const now = overrides.now ?? T0
  return {
    now,
    contact: aContact(),
    company: null,
    segmentContext: { companiesById: new Map(), engagement: new Map(), now },
    suppressed: false,
    emailEngagement: {},
    emailsInCapWindow: 0,
    frequencyCap: { maxEmails: 3, windowMs: DAY },
    capFreesAt: null,
    waitUntil: null,
    ...overrides,
  }
}

/** Rules: the contact has `tag`. */
export function hasTag(tag: string): SegmentRules {
  return {
    match: 'all',
    groups: [{ id: 'g', match: 'all', conditions: [{ id: 'c', field: 'contact.tags', operator: 'hasAny', value: '', value2: '', values: [tag] }] }],
  }
}
