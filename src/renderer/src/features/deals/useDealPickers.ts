import { useCallback } from 'react'
import { EMPTY_CONTACT_QUERY } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { useCompanies } from '../../data/hooks'
import { contactDisplayName } from '../contacts/contactDisplay'
import type { PickerOption } from '../../ui/RecordPicker'

const MAX_OPTIONS = 8

/** Search functions and labels for the contact and company links of a deal. */
export function useDealPickers() {
  const { contacts } = useData()
  const companies = useCompanies()
  const searchContacts = useCallback(
    (text: string): PickerOption[] =>
      contacts
        .query({ ...EMPTY_CONTACT_QUERY, text })
        .slice(0, MAX_OPTIONS)
        .flatMap((id) => {
          const contact = contacts.get(id)
          return contact ? [{ id, label: contactDisplayName(contact), detail: contact.email }] : []
        }),
    [contacts],
  )
  const searchCompanies = useCallback(
    (text: string): PickerOption[] => {
      const needle = text.toLowerCase()
      return (companies ?? [])
        .filter((company) => company.name.toLowerCase().includes(needle) || company.domain.toLowerCase().includes(needle))
        .slice(0, MAX_OPTIONS)
        .map((company) => ({ id: company.id, label: company.name, detail: company.domain }))
    },
    [companies],
  )
  const contactLabel = useCallback((id: string) => {
    const contact = id ? contacts.get(id) : undefined
    return contact ? contactDisplayName(contact) : id ? 'Unknown contact' : ''
  }, [contacts])
  const companyLabel = useCallback(
    (id: string) => (id ? (companies?.find((company) => company.id === id)?.name ?? 'Unknown company') : ''),
    [companies],
  )
  return { searchContacts, searchCompanies, contactLabel, companyLabel }
}
