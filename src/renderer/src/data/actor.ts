// Who is making local changes: the signed-in member's id, or null while local only. Every
// local write of a collection that records `updatedBy` carries it, so the team activity feed
// can say who changed what (the sync server checks it against the authenticated user).

let currentMemberId: string | null = null

export const actor = {
  get memberId(): string | null {
    return currentMemberId
  },
  set(memberId: string | null): void {
    currentMemberId = memberId
  },
}

/** Follows the sync controller's signed-in account. Returns the unsubscribe function. */
export function trackActor(sync: { getSnapshot(): { account: { user: { id: string } } | null }; subscribe(listener: () => void): () => void }): () => void {
  const update = () => actor.set(sync.getSnapshot().account?.user.id ?? null)
  update()
  return sync.subscribe(update)
}
