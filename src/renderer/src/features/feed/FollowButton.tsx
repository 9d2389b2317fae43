import type { FollowTargetType } from '@core/schema'

// Placeholder: follow / unfollow a record (replaced by the real one).
export function FollowButton(_props: { target: { type: FollowTargetType; id: string } }) {
  return null
}
