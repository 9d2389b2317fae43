import type { Activity, Campaign } from '@core/schema'
import type { DesktopNotification } from '../../platform/platform'
import type { SyncStatusView } from '../../app/syncStatus'
import { routePath } from '../../app/router'
import { isOverdue } from '../contacts/ActivityDraft'

// What the renderer tells the OS about (main only shows it): decisions here, pure and tested.

/**
 * The sync line for the tray: the status bar's, minus the changing count of waiting changes, so a
 * big import does not rebuild the tray menu many times a second.
 */
export function trayStatusLine({ phase, label }: Pick<SyncStatusView, 'phase' | 'label'>): string {
  if (phase === 'syncing') return 'Syncing…'
  if (phase === 'offline') return 'Offline'
  return label
}

/**
 * "Sync failed" once per failure: the first time sync enters an error, not again for every retry
 * or changed message, and again only after it recovered (synced, or signed out on purpose).
 * Offline is neither a failure nor a recovery.
 */
export function createSyncFailureNotifier(): (status: Pick<SyncStatusView, 'phase' | 'label'>) => DesktopNotification | null {
  let notified = false
  return ({ phase, label }) => {
    if (phase === 'synced' || phase === 'local-only') notified = false
    if (phase !== 'error' || notified) return null
    notified = true
    return {
      title: 'Outpost cannot sync',
      body: `${label.replace(/^Sync problem:\s*/, '').replace(/\.$/, '')}. Your changes are saved on this device.`.slice(0, 300),
      route: routePath({ name: 'settings', section: 'sync' }),
    }
  }
}

export type CampaignStatuses = ReadonlyMap<string, Campaign['status']>

/**
 * Campaigns that turned 'sent' since the last look. The first look (`previous` null) only records:
 * campaigns sent before the app started, or first seen already sent, are not news.
 */
export function findNewlySentCampaigns(
  previous: CampaignStatuses | null,
  campaigns: readonly Pick<Campaign, 'id' | 'status' | 'name' | 'stats'>[],
): { statuses: CampaignStatuses; sent: Pick<Campaign, 'id' | 'name' | 'stats'>[] } {
  const statuses = new Map(campaigns.map((campaign) => [campaign.id, campaign.status] as const))
  if (!previous) return { statuses, sent: [] }
  const sent = campaigns.filter((campaign) => {
    const before = previous.get(campaign.id)
    return campaign.status === 'sent' && before !== undefined && before !== 'sent'
  })
  return { statuses, sent }
}

/** One notification for what finished together (a sync can bring several at once). */
export function campaignsSentNotification(sent: readonly Pick<Campaign, 'id' | 'name' | 'stats'>[]): DesktopNotification | null {
  const [first] = sent
  if (!first) return null
  if (sent.length > 1) {
    return { title: `${sent.length} campaigns sent`, body: sent.map((campaign) => `“${campaign.name}”`).join(', ').slice(0, 300), route: routePath({ name: 'campaigns' }) }
  }
  const count = first.stats?.sent
  const body = count === undefined ? `“${first.name}” has finished sending.` : `“${first.name}” went out to ${count.toLocaleString('en-US')} ${count === 1 ? 'recipient' : 'recipients'}.`
  return { title: 'Campaign sent', body: body.slice(0, 300), route: routePath({ name: 'campaignReport', id: first.id }) }
}

/** Overdue as the timeline and My tasks show it (see isOverdue). */
export function countOverdueTasks(tasks: readonly Pick<Activity, 'kind' | 'dueAt' | 'done'>[], now: number): number {
  let count = 0
  for (const task of tasks) if (isOverdue(task, now)) count++
  return count
}
