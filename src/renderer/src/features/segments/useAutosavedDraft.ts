import { useCallback, useEffect, useRef, useState } from 'react'

export type SaveStatus = 'saved' | 'pending' | 'saving' | 'error'

const DEFAULT_DELAY_MS = 400

/**
 * An editable copy of a stored document that saves itself shortly after each edit and when the
 * editor goes away (navigating off loses nothing). While nothing is waiting to be saved, changes
 * from elsewhere (another device, another window) replace the draft.
 */
export function useAutosavedDraft<T>(
  stored: T,
  save: (draft: T) => Promise<void>,
  delayMs = DEFAULT_DELAY_MS,
): { draft: T; update: (change: (draft: T) => T) => void; status: SaveStatus; flush: () => Promise<void> } {
  const [draft, setDraft] = useState(stored)
  const [status, setStatus] = useState<SaveStatus>('saved')
  const latest = useRef(stored)
  const dirty = useRef(false)
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null)
  const saveRef = useRef(save)
  const running = useRef<Promise<void>>(Promise.resolve())

  useEffect(() => {
    saveRef.current = save
  }, [save])

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current)
    timer.current = null
    if (!dirty.current) return running.current
    dirty.current = false
    const value = latest.current
    setStatus('saving')
    // Saves run one after another so an older draft never lands after a newer one.
    running.current = running.current
      .then(() => saveRef.current(value))
      .then(
        () => setStatus(dirty.current ? 'pending' : 'saved'),
        () => {
          dirty.current = true
          setStatus('error')
        },
      )
    return running.current
  }, [])

  const update = useCallback(
    (change: (draft: T) => T) => {
      const next = change(latest.current)
      if (next === latest.current) return
      latest.current = next
      dirty.current = true
      setDraft(next)
      setStatus('pending')
      if (timer.current) clearTimeout(timer.current)
      timer.current = setTimeout(() => void flush(), delayMs)
    },
    [delayMs, flush],
  )

  useEffect(() => {
    if (dirty.current) return
    latest.current = stored
    setDraft(stored)
  }, [stored])

  useEffect(() => () => void flush(), [flush])

  return { draft, update, status, flush }
}

export function saveStatusLabel(status: SaveStatus): string {
  switch (status) {
    case 'saved':
      return 'All changes saved'
    case 'pending':
    case 'saving':
      return 'Saving…'
    case 'error':
      return 'Could not save — retrying on the next edit'
  }
}
