import { ContactIndex } from './contactIndex'
import { getDatabase } from './database'
import type { OutpostData } from './dataContext'

let opening: Promise<OutpostData> | null = null

/** Opens the database and starts the contact index once per process, outside React. */
export function openData(): Promise<OutpostData> {
  opening ??= getDatabase().then((db) => {
    // Start-up milestones, read by bench/local-db.mjs and visible in DevTools.
    performance.mark('outpost:database-open')
    const contacts = new ContactIndex()
    void contacts.attach(db)
    return { db, contacts }
  })
  return opening
}
