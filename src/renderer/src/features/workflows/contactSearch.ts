import { useCallback } from 'react'
import { EMPTY_CONTACT_QUERY } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import type { PickerOption } from '../../ui/RecordPicker'
import { contactDisplayName } from '../contacts/contactDisplay'

const MATCHES = 8

/** A RecordPicker search over the contacts in memory (name, email, company). */
export function useContactSearch(exclude: ReadonlySet<string> = new Set()): (text: string) => PickerOption[] {
  const { contacts } = useData()
  return useCallback(
    (text: string) => {
      if (text.trim() === '') return []
      const options: PickerOption[] = []
      for (const id of contacts.query({ ...EMPTY_CONTACT_QUERY, text })) {
        if (exclude.has(id)) continue
        const contact = contacts.get(id)
        if (!contact) continue
        options.push({ id, label: contactDisplayName(contact), detail: contact.email })
        if (options.length === MATCHES) break
      }
      return options
    },
    [contacts, exclude],
  )
}
