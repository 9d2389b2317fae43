import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import type { Contact, WorkflowGraph, WorkflowSettings, WorkflowStep } from '../schema'
import { aContact } from '../testing/contactFixture'
import { computeWaitUntil, decideStep, stepById } from './engine'
import { DAY, hasTag, T0 } from './testGraphs'
import type { StepDecision, StepFacts } from './types'

// The engine under an in-memory driver shaped like the server's: decide, then commit atomically
// (checking the enrolment has not moved since it was read); a crash drops a decision before its
// commit, and the contact is simply decided again later. Whatever the graph, the events and the
// crash points: each contact takes each (step, visit) at most once, its path is a walk of the graph
// from the entry, waits never end early, and acyclic graphs always finish.

const MINUTE = 60_000
const CAP = { maxEmails: 2, windowMs: DAY }

// ---------------------------------------------------------------------------------------------
// Graphs

type Shape = 'acyclic' | 'cyclic'

/** Steps s0…s(n-1); links go forward only, except from duration waits (so every loop has a wait). */
function graphArbitrary(shape: Shape): fc.Arbitrary<WorkflowGraph> {
  return fc.integer({ min: 1, max: 10 }).chain((count) =>
    fc
      .tuple(...Array.from({ length: count }, (_, index) => stepArbitrary(index, count, shape)))
      .map((steps) => {
        // Opened/clicked branches check a send-email step, if there is one before them.
        const sends = steps.filter((step) => step.type === 'send_email').map((step) => step.id)
        for (const step of steps) {
          if (step.type === 'branch' && step.branchKind !== 'segment') step.emailStepId = sends[0] ?? 'none'
        }
        return { trigger: { type: 'manual' as const }, entryStepId: 's0', steps }
      }),
  )
}

function stepArbitrary(index: number, count: number, shape: Shape): fc.Arbitrary<WorkflowStep> {
  const id = `s${index}`
  const forward = fc.integer({ min: index + 1, max: count }).map((target) => (target === count ? '' : `s${target}`))
  const anywhere = fc.integer({ min: 0, max: count }).map((target) => (target === count ? '' : `s${target}`))
  const plain = (step: Omit<WorkflowStep, 'id' | 'next'>): fc.Arbitrary<WorkflowStep> => forward.map((next) => ({ ...step, id, next }))
  return fc.oneof(
    plain({ type: 'send_email', templateId: 'T' }),
    fc
      .tuple(fc.integer({ min: 1, max: 3 * 24 * 60 }), shape === 'cyclic' ? anywhere : forward)
      .map(([minutes, next]): WorkflowStep => ({ id, type: 'wait', waitKind: 'duration', waitMinutes: minutes, next })),
    fc.integer({ min: -2 * DAY, max: 10 * DAY }).chain((offset) => plain({ type: 'wait', waitKind: 'until', waitUntil: T0 + offset })),
    fc
      .tuple(fc.subarray([0, 1, 2, 3, 4, 5, 6], { minLength: 1 }), fc.integer({ min: 0, max: 22 }), fc.constantFrom('UTC', 'Europe/Berlin', 'Asia/Tokyo'))
      .chain(([days, start, timeZone]) =>
        fc.integer({ min: start + 1, max: 24 }).chain((end) =>
          plain({ type: 'wait', waitKind: 'window', windowDays: days, windowStartHour: start, windowEndHour: end, timeZone }),
        ),
      ),
    fc
      .tuple(fc.constantFrom('segment', 'opened', 'clicked'), forward, forward)
      .map(([branchKind, next, elseNext]): WorkflowStep => ({ id, type: 'branch', branchKind, condition: hasTag('vip'), next, elseNext })),
    plain({ type: 'add_tag', tag: 'vip' }),
    plain({ type: 'remove_tag', tag: 'vip' }),
    plain({ type: 'set_stage', stage: 'customer' }),
    plain({ type: 'adjust_score', scoreDelta: 5 }),
    plain({ type: 'update_field', field: 'custom.plan', value: 'pro' }),
    plain({ type: 'create_task', memberId: 'M', title: 'Call', dueInDays: 1 }),
    plain({ type: 'call_webhook', endpointId: 'E' }),
    plain({ type: 'exit' }),
  )
}

const settingsArbitrary: fc.Arbitrary<WorkflowSettings> = fc
  .tuple(fc.boolean(), fc.boolean())
  .map(([exitOnUnsubscribe, withGoal]) => ({ reenrol: 'never', exitOnUnsubscribe, ...(withGoal ? { goal: hasTag('goal') } : {}) }))

// ---------------------------------------------------------------------------------------------
// Events

type Event =
  | { kind: 'tick'; ms: number; crashes: number }
  | { kind: 'engage'; contact: number; clicked: boolean }
  | { kind: 'unsubscribe'; contact: number }
  | { kind: 'tag'; contact: number; tag: 'vip' | 'goal' }

const eventArbitrary: fc.Arbitrary<Event> = fc.oneof(
  { weight: 6, arbitrary: fc.record({ kind: fc.constant('tick' as const), ms: fc.integer({ min: 0, max: 2 * DAY }), crashes: fc.nat(255) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('engage' as const), contact: fc.nat(2), clicked: fc.boolean() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('unsubscribe' as const), contact: fc.nat(2) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('tag' as const), contact: fc.nat(2), tag: fc.constantFrom('vip' as const, 'goal' as const) }) },
)

// ---------------------------------------------------------------------------------------------
// The driver

interface Taken {
  visit: number
  stepId: string
  at: number
  decision: StepDecision
}

interface Enrolment {
  contact: Contact
  status: 'active' | 'completed' | 'exited'
  stepId: string
  visit: number
  dueAt: number
  waitUntil: number | null
  /** When the contact reached its current step. */
  arrivedAt: number
  taken: Taken[]
  sentAt: number[]
  engagement: Record<string, { opened: boolean; clicked: boolean }>
  /** Every wait end the driver stored, by visit, to check waits against. */
  waitEnds: Map<number, number>
}

class Driver {
  now = T0
  readonly enrolments: Enrolment[]

  constructor(
    readonly graph: WorkflowGraph,
    readonly settings: WorkflowSettings,
    contacts: number,
  ) {
    this.enrolments = Array.from({ length: contacts }, (_, index) => ({
      contact: aContact({ id: `c${index}` }),
      status: 'active',
      stepId: graph.entryStepId,
      visit: 0,
      dueAt: T0,
      waitUntil: null,
      arrivedAt: T0,
      taken: [],
      sentAt: [],
      engagement: {},
      waitEnds: new Map(),
    }))
  }

  /** One segment context per pass, as the server builds it: compiled rules are reused across contacts. */
  private context = { companiesById: new Map(), engagement: new Map(), now: T0 }

  facts(enrolment: Enrolment): StepFacts {
    if (this.context.now !== this.now) this.context = { companiesById: new Map(), engagement: new Map(), now: this.now }
    const inWindow = enrolment.sentAt.filter((at) => at > this.now - CAP.windowMs)
    return {
      now: this.now,
      contact: enrolment.contact,
      company: null,
      segmentContext: this.context,
      suppressed: enrolment.contact.unsubscribed === true,
      emailEngagement: enrolment.engagement,
      emailsInCapWindow: inWindow.length,
      frequencyCap: CAP,
      capFreesAt: inWindow.length > 0 ? Math.min(...inWindow) + CAP.windowMs : null,
      waitUntil: enrolment.waitUntil,
    }
  }

  /** One pass over the due enrolments; bit i of `crashes` drops the i-th decision before its commit. */
  tick(crashes: number): void {
    let decisionIndex = 0
    for (const enrolment of this.enrolments) {
      // Several steps may be due at once (actions do not wait): keep going while due, like the server's loop.
      for (let guard = 0; guard < 50 && enrolment.status === 'active' && enrolment.dueAt <= this.now; guard++) {
        const readVisit = enrolment.visit
        const decision = decideStep(this.graph, this.settings, enrolment.stepId, this.facts(enrolment))
        const crashed = (crashes >> decisionIndex++ % 8) & 1
        if (crashed) break
        expect(this.commit(enrolment, readVisit, decision)).toBe(true)
        // A second worker that read the same state commits a step too late: the visit check refuses it.
        // (Holding a contact again at the same wait is harmless and records nothing.)
        if (decision.kind !== 'wait') expect(this.commit(enrolment, readVisit, decision)).toBe(false)
        if (decision.kind === 'wait') break
      }
    }
  }

  commit(enrolment: Enrolment, expectedVisit: number, decision: StepDecision): boolean {
    if (enrolment.status !== 'active' || enrolment.visit !== expectedVisit) return false
    const step = stepById(this.graph, enrolment.stepId)
    if (decision.kind === 'wait') {
      if (decision.until <= this.now) throw new Error('a wait must end in the future')
      enrolment.dueAt = decision.until
      if (step?.type === 'wait') {
        enrolment.waitUntil = decision.until
        enrolment.waitEnds.set(enrolment.visit, decision.until)
      }
      return true
    }
    enrolment.taken.push({ visit: enrolment.visit, stepId: enrolment.stepId, at: this.now, decision })
    enrolment.visit++
    enrolment.waitUntil = null
    enrolment.arrivedAt = this.now
    if (decision.kind === 'exit') {
      enrolment.status = 'exited'
      return true
    }
    for (const effect of decision.effects) {
      if (effect.type === 'patch_contact') enrolment.contact = { ...enrolment.contact, ...effect.fields }
      if (effect.type === 'send_email') enrolment.sentAt.push(this.now)
    }
    enrolment.stepId = decision.next
    enrolment.dueAt = this.now
    if (decision.next === '') enrolment.status = 'completed'
    return true
  }

  apply(event: Event): void {
    if (event.kind === 'tick') {
      this.now += event.ms
      this.tick(event.crashes)
      return
    }
    const enrolment = this.enrolments[event.contact % this.enrolments.length]
    if (!enrolment) return
    if (event.kind === 'unsubscribe') enrolment.contact = { ...enrolment.contact, unsubscribed: true }
    if (event.kind === 'tag') enrolment.contact = { ...enrolment.contact, tags: [...new Set([...enrolment.contact.tags, event.tag])] }
    if (event.kind === 'engage') {
      const sent = enrolment.taken.filter((taken) => taken.decision.kind === 'advance' && taken.decision.effects.some((effect) => effect.type === 'send_email'))
      const last = sent.at(-1)
      if (last) {
        const before = enrolment.engagement[last.stepId] ?? { opened: false, clicked: false }
        enrolment.engagement = { ...enrolment.engagement, [last.stepId]: { opened: true, clicked: before.clicked || event.clicked } }
      }
    }
  }

  /** Time moves to the next due contact, pass after pass, until everyone finished (or the bound, for looping graphs); `crashes[i]` is pass i's crash mask. */
  drain(rounds: number, crashes: readonly number[] = []): void {
    for (let round = 0; round < rounds && this.enrolments.some((enrolment) => enrolment.status === 'active'); round++) {
      const nextDue = Math.min(...this.enrolments.filter((enrolment) => enrolment.status === 'active').map((enrolment) => enrolment.dueAt))
      this.now = Math.max(this.now, nextDue)
      this.tick(crashes[round] ?? 0)
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Invariants

function checkPath(graph: WorkflowGraph, enrolment: Enrolment): void {
  const { taken } = enrolment
  taken.forEach((record, index) => expect(record.visit).toBe(index)) // each (step, visit) once, none skipped
  if (taken.length > 0) expect(taken[0]?.stepId).toBe(graph.entryStepId)
  for (let index = 0; index < taken.length; index++) {
    const record = taken[index] as Taken
    const step = stepById(graph, record.stepId)
    expect(step).not.toBeNull()
    if (!step) return
    const following = taken[index + 1]
    if (record.decision.kind === 'exit') expect(following).toBeUndefined()
    if (record.decision.kind === 'advance') {
      const allowed = step.type === 'branch' ? [step.next, step.elseNext ?? ''] : [step.next]
      expect(allowed).toContain(record.decision.next)
      if (following) expect(following.stepId).toBe(record.decision.next)
      else expect([record.decision.next, enrolment.stepId]).toContain(enrolment.status === 'completed' ? '' : enrolment.stepId)
    }
    if (step.type === 'wait' && record.decision.kind === 'advance') checkWait(step, record, taken[index - 1]?.at ?? T0, enrolment)
  }
}

/** A wait ends no earlier than its rule allows, measured from when the contact arrived. */
function checkWait(step: WorkflowStep, record: Taken, arrivedAt: number, enrolment: Enrolment): void {
  const stored = enrolment.waitEnds.get(record.visit)
  if (stored !== undefined) expect(record.at).toBeGreaterThanOrEqual(stored)
  switch (step.waitKind) {
    case 'duration':
      expect(record.at).toBeGreaterThanOrEqual(arrivedAt + (step.waitMinutes ?? 0) * MINUTE)
      break
    case 'until':
      expect(record.at).toBeGreaterThanOrEqual(step.waitUntil ?? 0)
      break
    case 'window': {
      // The end fixed on arrival lies inside the window (or the window was open when the contact went straight on).
      const end = stored ?? record.at
      expect(computeWaitUntil(step, end)).toBe(end)
      break
    }
  }
}

// ---------------------------------------------------------------------------------------------

// Hundreds of generated runs each: allow more than the default 5 s on a busy machine.
describe('workflow engine under crashes (property)', { timeout: 60_000 }, () => {
  it('acyclic graphs: each step at most once per contact, a valid path, waits never early, always finishes', () => {
    fc.assert(
      fc.property(graphArbitrary('acyclic'), settingsArbitrary, fc.array(eventArbitrary, { maxLength: 40 }), fc.integer({ min: 1, max: 3 }), (graph, settings, events, contacts) => {
        const driver = new Driver(graph, settings, contacts)
        for (const event of events) driver.apply(event)
        driver.drain(200)
        for (const enrolment of driver.enrolments) {
          expect(enrolment.status).not.toBe('active')
          checkPath(graph, enrolment)
          const steps = enrolment.taken.map((taken) => taken.stepId)
          expect(new Set(steps).size).toBe(steps.length)
        }
      }),
      { numRuns: 300 },
    )
  })

  it('loops through waits: each (step, visit) at most once, a valid path, waits never early', () => {
    fc.assert(
      fc.property(graphArbitrary('cyclic'), settingsArbitrary, fc.array(eventArbitrary, { maxLength: 40 }), (graph, settings, events) => {
        const driver = new Driver(graph, settings, 2)
        for (const event of events) driver.apply(event)
        driver.drain(60)
        for (const enrolment of driver.enrolments) checkPath(graph, enrolment)
      }),
      { numRuns: 300 },
    )
  })

  it('crashes change nothing: a run with crashes takes the same steps at the same times as one without', () => {
    fc.assert(
      fc.property(graphArbitrary('acyclic'), settingsArbitrary, fc.array(fc.nat(255), { minLength: 1, maxLength: 60 }), (graph, settings, crashes) => {
        const clean = new Driver(graph, settings, 2)
        clean.drain(300)
        const crashy = new Driver(graph, settings, 2)
        crashy.drain(300, crashes)
        const path = (driver: Driver) => driver.enrolments.map((enrolment) => enrolment.taken.map(({ stepId, at }) => ({ stepId, at })))
        expect(path(crashy)).toEqual(path(clean))
        expect(crashy.enrolments.map((enrolment) => enrolment.status)).toEqual(clean.enrolments.map((enrolment) => enrolment.status))
      }),
      { numRuns: 200 },
    )
  })

  it('decideStep is deterministic in its inputs', () => {
    fc.assert(
      fc.property(graphArbitrary('cyclic'), settingsArbitrary, fc.nat(9), fc.integer({ min: 0, max: 30 * DAY }), fc.boolean(), (graph, settings, index, offset, vip) => {
        const stepId = graph.steps[index % graph.steps.length]?.id ?? ''
        const facts = (): StepFacts => ({
          now: T0 + offset,
          contact: aContact({ tags: vip ? ['vip'] : [] }),
          company: null,
          segmentContext: { companiesById: new Map(), engagement: new Map(), now: T0 + offset },
          suppressed: false,
          emailEngagement: {},
          emailsInCapWindow: 1,
          frequencyCap: CAP,
          capFreesAt: T0,
          waitUntil: null,
        })
        const copy = structuredClone(graph)
        expect(decideStep(copy, structuredClone(settings), stepId, facts())).toEqual(decideStep(graph, settings, stepId, facts()))
        expect(copy).toEqual(graph)
      }),
      { numRuns: 300 },
    )
  })
})
