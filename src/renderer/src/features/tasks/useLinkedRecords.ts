import { useCallback, useMemo } from 'react'
import type { Activity } from '@core/schema'
import type { Route } from '../../app/router'
import { useDeals } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'

export interface LinkedRecord {
  type: 'deal' | 'contact' | 'company'
  label: string
  route: Route
}

/**
 * The records a task is about, most specific first (deal, contact, company): what its row
 * links to and what Enter opens. Names come from the in-memory contact index and the deals list.
 */
export function useLinkedRecords(): (task: Pick<Activity, 'contactId' | 'companyId' | 'dealId'>) => LinkedRecord[] {
  const { contacts } = useData()
  const version = useContactIndexVersion(contacts)
  const deals = useDeals()
  const dealNames = useMemo(() => new Map((deals ?? []).map((deal) => [deal.id, deal.name])), [deals])
  return useCallback(
    (task) => {
      const records: LinkedRecord[] = []
      if (task.dealId) records.push({ type: 'deal', label: dealNames.get(task.dealId) ?? 'Deal', route: { name: 'deal', id: task.dealId } })
      if (task.contactId) {
        const contact = contacts.get(task.contactId)
        const label = contact ? `${contact.firstName} ${contact.lastName}`.trim() || contact.email : 'Contact'
        records.push({ type: 'contact', label, route: { name: 'contact', id: task.contactId } })
      }
      if (task.companyId) records.push({ type: 'company', label: contacts.companyName(task.companyId) || 'Company', route: { name: 'company', id: task.companyId } })
      return records
    },
    // version: the index mutates in place; a new version means names may have changed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [contacts, dealNames, version],
  )
}
