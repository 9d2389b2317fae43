import { useEffect, useMemo, useRef, useState } from 'react'
import type { Campaign } from '@core/schema'
import { runAppCommand } from '../../app/appCommands'
import { navigate, parseRoute } from '../../app/router'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { describeSyncStatus } from '../../app/syncStatus'
import { useNow } from '../../app/useNow'
import { useOnline } from '../../app/useOnline'
import { useData } from '../../data/dataContext'
import { platform } from '../../platform'
import type { DesktopNotification } from '../../platform/platform'
import {
  campaignsSentNotification,
  countOverdueTasks,
  createSyncFailureNotifier,
  findNewlySentCampaigns,
  trayStatusLine,
  type CampaignStatuses,
} from './desktopSignals'

function notify(notification: DesktopNotification | null): void {
  // A notification that cannot be shown is not worth an error in the app.
  if (notification) platform.notify(notification).catch((error: unknown) => console.warn('Notification failed', error))
}

/**
 * The renderer's side of the desktop: deep links and notification clicks navigate, the tray sees
 * the sync status, sync failures and finished campaigns notify, overdue tasks badge the icon.
 * Browser mode runs the same code against the web platform's no-ops. A component of its own that
 * draws nothing, so its once-a-minute clock re-renders only itself, not the app.
 */
export function DesktopIntegration(): null {
  useNavigationFromMain()
  useSyncStatusForDesktop()
  useCampaignSentNotifications()
  useOverdueTaskBadge()
  return null
}

function useNavigationFromMain(): void {
  const dispatch = useAppDispatch()
  const { sync } = useData()
  useEffect(() => {
    // parseRoute is total: whatever arrives becomes one of the app's own routes.
    const stop = platform.onNavigate((route) => navigate(parseRoute(route)))
    let active = true
    platform
      .rendererReady()
      .then(({ route, command }) => {
        if (!active) return
        if (route) navigate(parseRoute(route))
        if (command) runAppCommand(command, dispatch, sync)
      })
      .catch((error: unknown) => console.warn('Could not tell the app the window is ready', error))
    return () => {
      active = false
      stop()
    }
  }, [dispatch, sync])
}

function useSyncStatusForDesktop(): void {
  const syncState = useAppSelector((state) => state.sync)
  const online = useOnline()
  const now = Math.max(useNow(60_000), syncState.lastSyncedAt ?? 0)
  const { phase, label } = describeSyncStatus(syncState, now, online)
  const trayLine = trayStatusLine({ phase, label })
  const [failureNotifier] = useState(createSyncFailureNotifier)
  useEffect(() => {
    platform.reportSyncState({ phase, label: trayLine }).catch(() => undefined)
  }, [phase, trayLine])
  useEffect(() => {
    notify(failureNotifier({ phase, label }))
  }, [phase, label, failureNotifier])
}

function useCampaignSentNotifications(): void {
  const { db } = useData()
  const statuses = useRef<CampaignStatuses | null>(null)
  useEffect(() => {
    statuses.current = null
    const subscription = db.campaigns.find().$.subscribe((docs) => {
      const campaigns = docs.map((doc) => doc.toJSON() as Campaign)
      const { statuses: next, sent } = findNewlySentCampaigns(statuses.current, campaigns)
      statuses.current = next
      notify(campaignsSentNotification(sent))
    })
    return () => subscription.unsubscribe()
  }, [db])
}

function useOverdueTaskBadge(): void {
  const { db } = useData()
  const [openTasks, setOpenTasks] = useState<{ kind: 'task'; dueAt?: number; done?: boolean }[]>([])
  useEffect(() => {
    // Open tasks only; the day boundary is applied below, so the count also moves at midnight.
    const subscription = db.activities
      .find({ selector: { kind: 'task', done: { $ne: true } } })
      .$.subscribe((docs) => setOpenTasks(docs.map((doc) => ({ kind: 'task', dueAt: doc.dueAt, done: doc.done }))))
    return () => subscription.unsubscribe()
  }, [db])
  const now = useNow(60_000)
  const count = useMemo(() => countOverdueTasks(openTasks, now), [openTasks, now])
  useEffect(() => {
    platform.setBadgeCount(count).catch(() => undefined)
  }, [count])
}
