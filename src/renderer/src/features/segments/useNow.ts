import { useEffect, useState } from 'react'

/** The current time, refreshed every `intervalMs` (relative times and "within the last N days" move on). */
export function useNow(intervalMs = 60_000): number {
  const [now, setNow] = useState(() => Date.now())
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs)
    return () => clearInterval(timer)
  }, [intervalMs])
  return now
}
