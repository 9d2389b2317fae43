import type { RxCollection, RxStorageInstance } from 'rxdb'
import { erasedDocument, type ErasedCollection } from '@core/privacy/erasure'
import type { MemberRole } from '@core/schema'
import { isErased } from '@core/sync/erased'
import type { SyncedDoc } from '@core/sync/syncedDoc'
import { canPerform } from '@core/workspace/roles'
import type { SyncState } from '../../app/syncSlice'
import type { OutpostData } from '../../data/dataContext'
import { deviceClock } from '../../data/deviceClock'
import { storagePages } from '../../data/storagePages'
import { pendingChanges } from '../../data/sync/pendingChanges'
import type { PrivacyApi } from './privacyApi'

// Erasing a contact (GDPR): the sync server erases it everywhere it keeps it (the contact, its
// activities and events as blanked tombstones that sync to every device, and its history in the
// server's own tables), then this device writes the same tombstones so the contact is gone here
// at once. It needs the server: an erasure made offline would leave the history there. Only a
// workspace that never synced (local only) erases on this device alone.

export type EraseRoute = { kind: 'server' } | { kind: 'local' } | { kind: 'blocked'; reason: string }

/**
 * Where an erasure can run now, or why it cannot. Signed out with the local data never adopted by a
 * workspace means no sign-in ever happened on this device: the open database is the local-only one.
 */
export function eraseRoute(sync: Pick<SyncState, 'account' | 'connection' | 'localDataUnclaimed'>, online: boolean): EraseRoute {
  const account = sync.account
  if (account === null) {
    if (sync.localDataUnclaimed) return { kind: 'local' }
    return { kind: 'blocked', reason: 'Sign in again (Settings → Sync) to erase: this contact’s history is on the sync server, and erasing must remove it there too.' }
  }
  const role: MemberRole | undefined = account.workspaces.find((workspace) => workspace.id === account.workspaceId)?.role
  if (role === undefined || !canPerform(role, 'privacy:erase')) {
    return { kind: 'blocked', reason: `Only owners and admins can erase a contact (your role: ${role ?? 'unknown'}). Ask one of them.` }
  }
  if (!online || sync.connection === 'offline') {
    return { kind: 'blocked', reason: 'You are offline. Erasing needs the sync server, so the contact’s history there goes too: try again once you are back online.' }
  }
  if (sync.connection === 'unauthorized') return { kind: 'blocked', reason: 'Your session has ended: sign in again (Settings → Sync) to erase.' }
  return { kind: 'server' }
}

type Doc = Record<string, unknown> & SyncedDoc

/** Every stored document of `collection` that belongs to the contact, tombstones included (they still hold data). */
async function storedDocsOfContact(collection: RxCollection, contactId: string): Promise<Doc[]> {
  const found: Doc[] = []
  for await (const page of storagePages(collection.storageInstance as unknown as RxStorageInstance<Doc, unknown, unknown>)) {
    for (const doc of page) if (doc.contactId === contactId) found.push(doc)
  }
  return found
}

function withoutStorageMeta(doc: Doc): Doc {
  const { _rev: _r, _meta: _m, _attachments: _a, ...rest } = doc as Doc & { _rev?: unknown; _meta?: unknown; _attachments?: unknown }
  return rest as Doc
}

export interface ErasedHere {
  activities: number
  events: number
}

/**
 * Writes erased tombstones here: the given ones (the server's), and this device's own for any
 * document of the contact the server did not send (an activity written offline and not pushed
 * yet, or everything when local only), so no copy with data is left in this database.
 */
export async function eraseOnThisDevice(
  data: Pick<OutpostData, 'db'>,
  contactId: string,
  fromServer: Partial<Record<ErasedCollection, readonly Record<string, unknown>[]>>,
): Promise<ErasedHere> {
  const collections = { contacts: data.db.contacts, activities: data.db.activities, events: data.db.events } as unknown as Record<ErasedCollection, RxCollection>
  const counts: ErasedHere = { activities: 0, events: 0 }
  const now = Date.now()
  for (const name of ['contacts', 'activities', 'events'] as const) {
    const server = (fromServer[name] ?? []) as Doc[]
    const known = new Set(server.map((doc) => doc.id))
    const local =
      name === 'contacts' ? [(await collections.contacts.findOne(contactId).exec())?.toJSON() as Doc | undefined].filter((doc): doc is Doc => doc !== undefined) : await storedDocsOfContact(collections[name], contactId)
    const stamp = deviceClock.now()
    const own = local.filter((doc) => !known.has(doc.id) && !isErased(doc)).map((doc) => erasedDocument(name, withoutStorageMeta(doc), stamp, now))
    const docs = [...server, ...own]
    if (docs.length === 0) continue
    await collections[name].bulkUpsert(docs)
    // This device's own tombstones wait to be pushed (the server already has its own).
    if (own.length > 0 && name !== 'events') pendingChanges.markWritten(name, own.map((doc) => doc.id))
    if (name !== 'contacts') counts[name] = docs.length
  }
  return counts
}

export type EraseOutcome = { ok: true; activities: number; events: number; serverHistory: boolean } | { ok: false; message: string }

/** Erases through the server (route 'server') or on this device only (route 'local'). */
export async function eraseContact(data: Pick<OutpostData, 'db'>, api: Pick<PrivacyApi, 'eraseContact'>, contactId: string, route: 'server' | 'local'): Promise<EraseOutcome> {
  if (route === 'local') {
    const here = await eraseOnThisDevice(data, contactId, {})
    return { ok: true, ...here, serverHistory: false }
  }
  const answer = await api.eraseContact(contactId)
  if (!answer.ok) {
    const failure = answer.error
    if (failure.kind === 'network') return { ok: false, message: 'The sync server cannot be reached, so nothing was erased. Try again once you are back online.' }
    if (failure.status === 404) return { ok: false, message: 'The sync server does not have this contact yet. Wait until it has synced, then erase it.' }
    return { ok: false, message: failure.message }
  }
  const here = await eraseOnThisDevice(data, contactId, answer.value.documents)
  return { ok: true, ...here, serverHistory: true }
}
