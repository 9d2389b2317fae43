import { useEffect, useRef, useState } from 'react'
import { dueReminders, nextReminderAt } from '@core/tasks/taskGroups'
import { navigate, parseRoute } from '../../app/router'
import { useCurrentMemberId } from '../../data/crmHooks'
import { platform } from '../../platform'
import { reminderMessages, type TaskReminder } from './reminderMessages'
import { useLinkedRecords } from './useLinkedRecords'
import { useTasks } from './useTasks'

/** localStorage: when reminders were last checked, per member ('local' while local only). */
export const REMINDER_SINCE_KEY = 'outpost.taskReminders.since'
/** A long sleep or a changed clock is caught by the next wake-up at the latest this much later. */
const MAX_TIMER_MS = 60 * 60_000

function readSince(key: string): number | null {
  try {
    const value = Number(localStorage.getItem(key))
    return Number.isFinite(value) && value > 0 ? value : null
  } catch {
    return null
  }
}

function writeSince(key: string, value: number): void {
  try {
    localStorage.setItem(key, String(value))
  } catch {
    // Storage full or blocked: reminders still work while the app runs, a restart may repeat one.
  }
}

/**
 * Reminds the member of their tasks at the due time while the app runs: a desktop notification
 * (a click opens the task's record), or, where the platform cannot show one (a browser tab
 * without permission), a card in the corner. One timer aimed at the next due time, a re-check on
 * wake-up and focus, and the last check time in localStorage so nothing is reminded twice, even
 * across a restart or in a second tab.
 */
export function TaskReminders() {
  const tasks = useTasks()
  const me = useCurrentMemberId()
  const linksOf = useLinkedRecords()
  const [cards, setCards] = useState<TaskReminder[]>([])
  // The latest values for the timer callback, without re-arming it on every render.
  const latest = useRef({ tasks, linksOf })
  useEffect(() => {
    latest.current = { tasks, linksOf }
  }, [tasks, linksOf])

  useEffect(() => {
    if (tasks === undefined) return
    const key = `${REMINDER_SINCE_KEY}.${me ?? 'local'}`
    // First run on this device: start from now rather than reminding about the whole past.
    if (readSince(key) === null) writeSince(key, Date.now())
    let timer: ReturnType<typeof setTimeout> | null = null

    const check = () => {
      const current = latest.current.tasks ?? []
      const now = Date.now()
      // Read every time: another tab may have reminded already and moved it on.
      const since = readSince(key) ?? now
      if (now > since) writeSince(key, now)
      // A task entered already past its due time was not missed: its author knows.
      const due = dueReminders(current, { since, now, memberId: me }).filter((task) => task.createdAt <= (task.dueAt ?? 0))
      const messages = reminderMessages(due, latest.current.linksOf)
      if (messages.length > 0) void show(messages)
      schedule(now)
    }

    const show = async (messages: TaskReminder[]) => {
      const fallback: TaskReminder[] = []
      for (const message of messages) {
        const result = await platform.notify({ title: message.title, body: message.body, route: message.route }).catch(() => ({ shown: false }))
        if (!result.shown) fallback.push(message)
      }
      if (fallback.length > 0) setCards((current) => [...current.filter((card) => !fallback.some((next) => next.key === card.key)), ...fallback].slice(-4))
    }

    const schedule = (now: number) => {
      if (timer !== null) clearTimeout(timer)
      const next = nextReminderAt(latest.current.tasks ?? [], now, me)
      const delay = next === null ? MAX_TIMER_MS : Math.min(MAX_TIMER_MS, Math.max(0, next - now))
      timer = setTimeout(check, delay)
    }

    const onWake = () => {
      if (document.visibilityState === 'visible') check()
    }
    check()
    document.addEventListener('visibilitychange', onWake)
    document.addEventListener('resume', onWake)
    window.addEventListener('focus', onWake)
    return () => {
      if (timer !== null) clearTimeout(timer)
      document.removeEventListener('visibilitychange', onWake)
      document.removeEventListener('resume', onWake)
      window.removeEventListener('focus', onWake)
    }
  }, [tasks, me])

  if (cards.length === 0) return null
  const dismiss = (key: string) => setCards((current) => current.filter((card) => card.key !== key))
  return (
    <div aria-label="Task reminders" role="region" className="fixed top-16 right-4 z-50 flex w-80 flex-col gap-2">
      {cards.map((card) => (
        <div key={card.key} role="alert" className="flex items-start gap-3 rounded-lg bg-white px-3 py-2.5 shadow-lg ring-1 ring-slate-900/10">
          <span aria-hidden className="mt-1 h-2 w-2 shrink-0 rounded-full bg-amber-500" />
          <div className="min-w-0 flex-1">
            <p className="text-sm font-semibold text-slate-900">{card.title}</p>
            <p className="mt-0.5 text-sm break-words text-slate-700">{card.body}</p>
            <div className="mt-2 flex gap-2">
              <button
                type="button"
                onClick={() => {
                  dismiss(card.key)
                  navigate(parseRoute(card.route))
                }}
                className="rounded bg-accent-600 px-2 py-0.5 text-xs font-medium text-white hover:bg-accent-700"
              >
                Open
              </button>
              <button type="button" onClick={() => dismiss(card.key)} className="rounded px-2 py-0.5 text-xs font-medium text-slate-600 hover:bg-slate-100">
                Dismiss
              </button>
            </div>
          </div>
        </div>
      ))}
    </div>
  )
}
