import { ContactIndex } from './contactIndex'
import { getDatabase } from './database'
import type { OutpostData } from './dataContext'

let opening: Promise<OutpostData> | null = null

/** Opens the database and starts the contact index once per process, outside React. */
export function openData(): Promise<OutpostData> {
  opening ??= getDatabase().then((db) => {
    const contacts = new ContactIndex()
    void contacts.attach(db)
    return { db, contacts }
  })
  return opening
}
