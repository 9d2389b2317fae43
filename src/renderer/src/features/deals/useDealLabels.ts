import { useMemo } from 'react'
import { useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { contactDisplayName } from '../contacts/contactDisplay'
import type { DealCardLabels } from './DealCard'

/** Names for the ids a deal links to, from the in-memory contact index and the members list. */
export function useDealLabels(): DealCardLabels {
  const { contacts } = useData()
  const version = useContactIndexVersion(contacts)
  const members = useMembers()
  return useMemo(() => {
    void version
    const owners = new Map((members ?? []).map((member) => [member.id, member.name || member.email]))
    return {
      contactName: (id: string) => {
        const contact = id ? contacts.get(id) : undefined
        return contact ? contactDisplayName(contact) : ''
      },
      companyName: (id: string) => (id ? contacts.companyName(id) : ''),
      ownerName: (id: string) => (id ? (owners.get(id) ?? 'Former member') : ''),
    }
  }, [contacts, members, version])
}
