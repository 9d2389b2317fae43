import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, expect, it } from 'vitest'
import { openStorage } from './index'
import type { StoragePort } from './port'
import type { TrackingEventRecord } from './trackingStore'

// SQLite only: campaign tallies take in this store's own batches as they commit; rows another
// connection to the same file writes in between must still be counted, once.

let dir = ''
let ours: StoragePort
let theirs: StoragePort

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'outpost-tracking-sqlite-'))
  ours = await openStorage(`sqlite:${join(dir, 'outpost.sqlite')}`)
  theirs = await openStorage(`sqlite:${join(dir, 'outpost.sqlite')}`)
})

afterEach(async () => {
  await ours.close()
  await theirs.close()
  await rm(dir, { recursive: true, force: true })
})

const open = (contactId: string, at = 1_000): TrackingEventRecord => ({
  workspaceId: 'W1',
  campaignId: 'C1',
  contactId,
  type: 'open',
  linkIndex: -1,
  at,
  machine: false,
  userAgentFamily: 'browser',
})

it('counts every row once when another connection writes between this store’s batches and reads', async () => {
  await ours.tracking.recordEvents([open('P1')])
  expect(await ours.tracking.campaignEngagement('W1', 'C1', 10)).toMatchObject({ opens: 1, uniqueOpens: 1 })

  await ours.tracking.recordEvents([open('P1'), open('P2')])
  await theirs.tracking.recordEvents([open('P3'), open('P3')])
  await ours.tracking.recordEvents([open('P4')])
  expect(await ours.tracking.campaignEngagement('W1', 'C1', 10)).toMatchObject({ opens: 6, uniqueOpens: 4 })

  await ours.tracking.recordEvents([open('P5'), open('P1')])
  expect(await ours.tracking.campaignEngagement('W1', 'C1', 10)).toMatchObject({ opens: 8, uniqueOpens: 5 })
  expect(await theirs.tracking.campaignEngagement('W1', 'C1', 10)).toMatchObject({ opens: 8, uniqueOpens: 5 })
})

it('says "first of its kind" once across connections, and within a batch', async () => {
  expect(await ours.tracking.recordEvents([open('P1'), open('P1')])).toEqual([true, false])
  expect(await theirs.tracking.recordEvents([open('P1'), open('P2')])).toEqual([false, true])
  expect(await ours.tracking.recordEvents([open('P2'), open('P3')])).toEqual([false, true])
})
