import { useState } from 'react'
import type { FollowTargetType, Setting } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useCurrentMemberId } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'
import { follow, followsOf, unfollow } from './feedWrites'

/**
 * Follow / unfollow a record: a follower's inbox gets the record's comments and changes by others.
 * Commenting on a record follows it too. Following needs a workspace member, so it is disabled while local only.
 */
export function FollowButton({ target }: { target: { type: FollowTargetType; id: string } }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const memberId = useCurrentMemberId()
  const [busy, setBusy] = useState(false)
  const follows = useRxQueryResult<Setting>(() => (memberId === null ? db.settings.find({ selector: { id: '' } }) : followsOf(db, memberId, target)), [db, memberId, target.type, target.id])
  const following = (follows?.length ?? 0) > 0

  if (memberId === null) {
    return (
      <button
        type="button"
        disabled
        title="Sign in to sync (Settings → Sync) to follow records"
        className="inline-flex h-7 cursor-not-allowed items-center gap-1 rounded-full border border-slate-200 px-2.5 text-xs font-medium text-slate-400"
      >
        <BellIcon /> Follow
      </button>
    )
  }

  const toggle = async () => {
    setBusy(true)
    try {
      if (following) await unfollow(db, memberId, target)
      else await follow(db, memberId, target)
    } catch (error) {
      dispatch(toastShown({ message: `Could not ${following ? 'unfollow' : 'follow'}: ${String(error)}`, tone: 'error' }))
    } finally {
      setBusy(false)
    }
  }

  return (
    <button
      type="button"
      aria-pressed={following}
      disabled={busy || follows === undefined}
      onClick={() => void toggle()}
      title={following ? 'You get comments and changes by others in your inbox. Click to stop.' : 'Get comments and changes by others in your inbox'}
      className={`inline-flex h-7 items-center gap-1 rounded-full border px-2.5 text-xs font-medium transition-colors ${
        following ? 'border-accent-100 bg-accent-50 text-accent-700 hover:bg-accent-100' : 'border-slate-300 bg-white text-slate-700 hover:bg-slate-50'
      }`}
    >
      <BellIcon filled={following} /> {following ? 'Following' : 'Follow'}
    </button>
  )
}

function BellIcon({ filled = false }: { filled?: boolean }) {
  return (
    <svg aria-hidden viewBox="0 0 20 20" className="h-3.5 w-3.5" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth={1.6}>
      <path d="M10 3a4.5 4.5 0 0 0-4.5 4.5v2.7L4 13h12l-1.5-2.8V7.5A4.5 4.5 0 0 0 10 3Z" strokeLinejoin="round" />
      <path d="M8.2 15.5a1.9 1.9 0 0 0 3.6 0" strokeLinecap="round" />
    </svg>
  )
}
