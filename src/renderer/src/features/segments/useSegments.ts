import { useMemo } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import type { Campaign, Segment } from '@core/schema'
import { useData } from '../../data/dataContext'
import { useRxQueryResult } from '../../data/hooks'

/** Every segment and static list, most recently changed first (undefined while loading). */
export function useSegments(): Segment[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Segment>(
    () => db.segments.find({ sort: [{ updatedAt: 'desc' }] }) as unknown as RxQuery<Segment, RxDocument<Segment>[]>,
    [db],
  )
}

/** Campaigns to pick in engagement conditions ("opened campaign X"), newest first. */
export function useCampaignChoices(): { value: string; label: string }[] {
  const { db } = useData()
  const campaigns = useRxQueryResult<Campaign>(
    () => db.campaigns.find({ sort: [{ updatedAt: 'desc' }] }) as unknown as RxQuery<Campaign, RxDocument<Campaign>[]>,
    [db],
  )
  return useMemo(() => (campaigns ?? []).map((campaign) => ({ value: campaign.id, label: campaign.name })), [campaigns])
}
