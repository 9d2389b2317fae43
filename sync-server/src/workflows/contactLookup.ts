import type { Contact } from '@core/schema'
import type { ReplicationCheckpoint } from '@core/sync/protocol'
import type { StoragePort } from '../storage/port'

// Finding a contact by email for the API event and form endpoints. The storage port has no email
// index on documents, so this reads the workspace's contacts page by page (about a second per
// 100,000 contacts); the form endpoint is rate-limited. The first live match (oldest) wins.

const PAGE = 2_000

export async function findContactByEmail(storage: StoragePort, workspaceId: string, email: string): Promise<Contact | null> {
  const wanted = email.trim().toLowerCase()
  let checkpoint: ReplicationCheckpoint | null = null
  for (;;) {
    const page = await storage.pull(workspaceId, 'contacts', checkpoint, PAGE)
    for (const stored of page.documents) {
      // Cheap text test first: only documents that mention the address are parsed.
      if (!stored.json.toLowerCase().includes(wanted)) continue
      const contact = JSON.parse(stored.json) as Contact & { _deleted?: boolean }
      if (contact._deleted !== true && contact.email.trim().toLowerCase() === wanted) return contact
    }
    if (page.documents.length < PAGE || page.checkpoint === null) return null
    checkpoint = page.checkpoint
  }
}
