import { useMemo } from 'react'
import { EMPTY_CONTACT_QUERY, type ContactIndex } from '../../data/contactIndex'
import { useContactIndexVersion } from '../../data/hooks'

/**
 * Contacts per company id, in one pass over the in-memory index: asking the index per company
 * would scan 100k contacts once for every row of a thousands-long company list.
 */
export function useCompanyContactCounts(index: ContactIndex): ReadonlyMap<string, number> {
  const version = useContactIndexVersion(index)
  return useMemo(() => {
    void version
    const counts = new Map<string, number>()
    // The name sort is the one the contacts list keeps cached, so this reuses its order.
    for (const id of index.query(EMPTY_CONTACT_QUERY)) {
      const companyId = index.get(id)?.companyId
      if (companyId) counts.set(companyId, (counts.get(companyId) ?? 0) + 1)
    }
    return counts
  }, [index, version])
}
