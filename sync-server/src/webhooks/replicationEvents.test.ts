import { describe, expect, it } from 'vitest'
import { replicationEvents } from './replicationEvents'

type Doc = Record<string, unknown>

const stamp = { name: '000000000000001-00000-a' }

function run(collection: string, before: Doc | undefined, after: Doc) {
  const masters = new Map(before === undefined ? [] : [['d1', before]])
  return replicationEvents('ws', collection, masters, [{ id: 'd1', doc: after }], [{ id: 'd1', seq: 7, json: '' }], 1_000)
}

describe('replicationEvents', () => {
  const contact = { id: 'd1', email: 'ada@example.com', _clock: stamp, _deleted: false }

  it('tells contacts created, updated and deleted apart, with the document minus its clock', () => {
    expect(run('contacts', undefined, contact)).toEqual([
      { id: 'contacts:d1:7:contact.created', workspaceId: 'ws', type: 'contact.created', at: 1_000, data: { id: 'd1', email: 'ada@example.com', _deleted: false } },
    ])
    expect(run('contacts', contact, { ...contact, email: 'ada@new.example' }).map((e) => e.type)).toEqual(['contact.updated'])
    expect(run('contacts', contact, { ...contact, _deleted: true }).map((e) => e.type)).toEqual(['contact.deleted'])
    // A tombstone pushed again, or restored: neither an update of a deleted contact nor silence.
    expect(run('contacts', { ...contact, _deleted: true }, { ...contact, _deleted: true })).toEqual([])
    expect(run('contacts', { ...contact, _deleted: true }, contact).map((e) => e.type)).toEqual(['contact.created'])
  })

  it('reports deal stage moves, wins and losses', () => {
    const deal = { id: 'd1', stageId: 's1', status: 'open', _clock: stamp, _deleted: false }
    expect(run('deals', undefined, deal)).toEqual([])
    expect(run('deals', deal, { ...deal, stageId: 's2' }).map((e) => e.type)).toEqual(['deal.stage_changed'])
    expect(run('deals', deal, { ...deal, status: 'won' }).map((e) => e.type)).toEqual(['deal.won'])
    expect(run('deals', deal, { ...deal, status: 'lost' }).map((e) => e.type)).toEqual(['deal.lost'])
    expect(run('deals', { ...deal, status: 'won' }, { ...deal, status: 'won', name: 'renamed' })).toEqual([])
    expect(run('deals', undefined, { ...deal, status: 'won' }).map((e) => e.type)).toEqual(['deal.won'])
  })

  it('reports new tasks only', () => {
    const task = { id: 'd1', kind: 'task', _clock: stamp, _deleted: false }
    expect(run('activities', undefined, task).map((e) => e.type)).toEqual(['task.created'])
    expect(run('activities', task, { ...task, subject: 'x' })).toEqual([])
    expect(run('activities', undefined, { ...task, kind: 'note' })).toEqual([])
    expect(run('segments', undefined, task)).toEqual([])
  })

  it('skips documents the push did not write', () => {
    expect(replicationEvents('ws', 'contacts', new Map(), [{ id: 'd1', doc: contact }], [], 1)).toEqual([])
  })
})
