import { formatStamp } from '@core/hlc'
import { newId } from '@core/ids'
import type { Campaign, Contact, Workflow } from '@core/schema'

/** A schema-valid contact as a client would push it, every field stamped at `wallMs` by `node`. */
export function contactDoc(overrides: Partial<Contact> = {}, wallMs = Date.now(), node = 'deviceA'): Contact & { _deleted: boolean } {
  const stamp = formatStamp({ wallMs, counter: 0, node })
  const fields = {
    email: 'ada@example.com',
    firstName: 'Ada',
    lastName: 'Lovelace',
    phone: '',
    title: '',
    companyId: '',
    tags: [] as string[],
    lifecycleStage: 'lead' as const,
    customFields: {},
    createdAt: wallMs,
    ...overrides,
  }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) clock[key] = stamp
  return { id: newId(wallMs), updatedAt: wallMs, _deleted: false, _clock: clock, ...fields, ...(overrides.id ? { id: overrides.id } : {}) } as Contact & {
    _deleted: boolean
  }
}

/** Applies an edit the way a device does: new values, each changed field stamped. */
export function editDoc<T extends { _clock: Record<string, string>; updatedAt: number }>(doc: T, patch: Partial<T>, wallMs: number, node: string): T {
  const stamp = formatStamp({ wallMs, counter: 0, node })
  const clock = { ...doc._clock }
  for (const key of Object.keys(patch)) clock[key] = stamp
  return { ...doc, ...patch, updatedAt: Math.max(doc.updatedAt, wallMs), _clock: clock }
}

/** A schema-valid campaign as a client would push it (a draft unless overridden). */
export function campaignDoc(overrides: Partial<Campaign> = {}, wallMs = Date.now(), node = 'deviceA'): Campaign & { _deleted: boolean } {
  const stamp = formatStamp({ wallMs, counter: 0, node })
  const fields = {
    name: 'November newsletter',
    status: 'draft' as const,
    segmentId: '',
    templateId: '',
    scheduledAt: 0,
    timeZone: 'Europe/Berlin',
    createdAt: wallMs,
    ...overrides,
  }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) if (key !== 'id') clock[key] = stamp
  return { id: overrides.id ?? newId(wallMs), updatedAt: wallMs, _deleted: false, _clock: clock, ...fields } as Campaign & { _deleted: boolean }
}

/** A schema-valid workflow as a client would push it: a draft "contact created → add tag" unless overridden. */
export function workflowDoc(overrides: Partial<Workflow> = {}, wallMs = Date.now(), node = 'deviceA'): Workflow & { _deleted: boolean } {
  const stamp = formatStamp({ wallMs, counter: 0, node })
  const fields: Omit<Workflow, 'id' | 'updatedAt' | '_clock'> = {
    name: 'Welcome',
    description: '',
    kind: 'workflow',
    status: 'draft',
    graph: { trigger: { type: 'contact_created' }, entryStepId: 's1', steps: [{ id: 's1', type: 'add_tag', tag: 'welcomed', next: '' }] },
    settings: { reenrol: 'never', exitOnUnsubscribe: true },
    createdAt: wallMs,
    ...overrides,
  }
  const clock: Record<string, string> = { _deleted: stamp }
  for (const key of Object.keys(fields)) if (key !== 'id') clock[key] = stamp
  return { id: overrides.id ?? newId(wallMs), updatedAt: wallMs, _deleted: false, _clock: clock, ...fields } as Workflow & { _deleted: boolean }
}
