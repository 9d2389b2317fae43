import fc from 'fast-check'
import type { Campaign } from '@core/schema'
import type { SyncPhase } from '../../app/syncStatus'
import { appRouteSchema } from '../../../../shared/ipc-contract'
import { campaignsSentNotification, countOverdueTasks, createSyncFailureNotifier, findNewlySentCampaigns, trayStatusLine } from './desktopSignals'

const DAY = 86_400_000

describe('tray status line', () => {
  it('drops the changing count of waiting changes, keeps the rest', () => {
    expect(trayStatusLine({ phase: 'syncing', label: 'Syncing… 12,345 changes waiting' })).toBe('Syncing…')
    expect(trayStatusLine({ phase: 'offline', label: 'Offline · 3 changes waiting' })).toBe('Offline')
    expect(trayStatusLine({ phase: 'synced', label: 'Synced 3 min ago' })).toBe('Synced 3 min ago')
    expect(trayStatusLine({ phase: 'error', label: 'Sync problem: timed out' })).toBe('Sync problem: timed out')
  })
})

describe('sync failure notifications', () => {
  it('notifies once when sync fails, not for every retry or new message', () => {
    const observe = createSyncFailureNotifier()
    expect(observe({ phase: 'synced', label: 'Synced just now' })).toBeNull()
    expect(observe({ phase: 'error', label: 'Sync problem: The server had a problem (500).' })).toEqual({
      title: 'Outpost cannot sync',
      body: 'The server had a problem (500). Your changes are saved on this device.',
      route: '#/settings/sync',
    })
    expect(observe({ phase: 'syncing', label: 'Syncing…' })).toBeNull()
    expect(observe({ phase: 'error', label: 'Sync problem: timed out' })).toBeNull()
    expect(observe({ phase: 'offline', label: 'Offline' })).toBeNull()
    expect(observe({ phase: 'error', label: 'Sync problem: timed out' })).toBeNull()
  })

  it('notifies again only after sync recovered', () => {
    const observe = createSyncFailureNotifier()
    expect(observe({ phase: 'error', label: 'Sync problem: x' })).not.toBeNull()
    expect(observe({ phase: 'synced', label: 'Synced just now' })).toBeNull()
    expect(observe({ phase: 'error', label: 'Sync problem: x' })).not.toBeNull()
  })

  it('notifies at most once per stretch between recoveries (property)', () => {
    const phases: SyncPhase[] = ['local-only', 'offline', 'syncing', 'synced', 'error']
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...phases), { maxLength: 60 }), (sequence) => {
        const observe = createSyncFailureNotifier()
        let sinceRecovery = 0
        for (const phase of sequence) {
          if (phase === 'synced' || phase === 'local-only') sinceRecovery = 0
          if (observe({ phase, label: phase })) sinceRecovery++
          expect(sinceRecovery).toBeLessThanOrEqual(1)
        }
        // Some notification was shown iff some error was observed.
        const anyError = sequence.includes('error')
        const replay = createSyncFailureNotifier()
        expect(sequence.some((phase) => replay({ phase, label: phase }) !== null)).toBe(anyError)
      }),
    )
  })
})

function campaign(id: string, status: Campaign['status'], sent?: number) {
  return { id, name: `Campaign ${id}`, status, ...(sent === undefined ? {} : { stats: { sent } as Campaign['stats'] }) }
}

describe('finished campaigns', () => {
  it('says nothing about campaigns already sent when the app starts', () => {
    const { sent, statuses } = findNewlySentCampaigns(null, [campaign('A', 'sent'), campaign('B', 'sending')])
    expect(sent).toEqual([])
    expect(statuses.get('B')).toBe('sending')
  })

  it('reports a campaign seen turning sent while the app runs, once', () => {
    const first = findNewlySentCampaigns(null, [campaign('A', 'scheduled'), campaign('B', 'sending')])
    const second = findNewlySentCampaigns(first.statuses, [campaign('A', 'scheduled'), campaign('B', 'sent', 1200)])
    expect(second.sent.map((c) => c.id)).toEqual(['B'])
    const third = findNewlySentCampaigns(second.statuses, [campaign('A', 'scheduled'), campaign('B', 'sent', 1200)])
    expect(third.sent).toEqual([])
  })

  it('ignores a campaign that first appears already sent (pulled from another device)', () => {
    const first = findNewlySentCampaigns(null, [])
    expect(findNewlySentCampaigns(first.statuses, [campaign('C', 'sent')]).sent).toEqual([])
  })

  it('words one campaign with its recipient count and links to its report', () => {
    expect(campaignsSentNotification([campaign('B', 'sent', 1200)])).toEqual({
      title: 'Campaign sent',
      body: '“Campaign B” went out to 1,200 recipients.',
      route: '#/campaigns/B/report',
    })
    expect(campaignsSentNotification([campaign('B', 'sent')])?.body).toBe('“Campaign B” has finished sending.')
  })

  it('groups several into one notification, and none for none', () => {
    expect(campaignsSentNotification([campaign('A', 'sent'), campaign('B', 'sent')])).toEqual({
      title: '2 campaigns sent',
      body: '“Campaign A”, “Campaign B”',
      route: '#/campaigns',
    })
    expect(campaignsSentNotification([])).toBeNull()
  })

  it('always produces routes and lengths the IPC contract accepts', () => {
    const notification = campaignsSentNotification([{ id: '01HZX3Q4N8W2M5K7T9V0B1C2D3', name: 'x'.repeat(120), stats: undefined }])
    expect(appRouteSchema.safeParse(notification?.route).success).toBe(true)
    const many = campaignsSentNotification(Array.from({ length: 50 }, (_, i) => campaign(`C${i}`, 'sent')))
    expect(many?.body.length).toBeLessThanOrEqual(300)
  })
})

describe('overdue tasks', () => {
  const now = new Date(2026, 4, 14, 15, 0).getTime()
  it('counts open tasks whose due day has passed', () => {
    const tasks = [
      { kind: 'task' as const, dueAt: now - 2 * DAY },
      { kind: 'task' as const, dueAt: now - 2 * DAY, done: true },
      // Due today with no time: not overdue until the day is over (as the contact timeline says).
      { kind: 'task' as const, dueAt: new Date(2026, 4, 14).getTime() },
      { kind: 'task' as const, dueAt: now + DAY },
      { kind: 'task' as const },
      { kind: 'note' as const, dueAt: now - 2 * DAY },
    ]
    expect(countOverdueTasks(tasks, now)).toBe(1)
    // The next day the task due today joins the count.
    expect(countOverdueTasks(tasks, now + DAY)).toBe(2)
  })
})
