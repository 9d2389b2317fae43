import type { RxDocument, RxQuery } from 'rxdb'
import type { Campaign, EngagementEvent, Segment, Template } from '@core/schema'
import { useData } from '../../data/dataContext'
import { useRxDocument, useRxQueryResult } from '../../data/hooks'

// Reactive reads of the campaign collections: every screen updates as stats and events sync in.

type Many<T> = RxQuery<T, RxDocument<T>[]>
type One<T> = RxQuery<T, RxDocument<T> | null>

export function useCampaigns(): Campaign[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Campaign>(() => db.campaigns.find({ sort: [{ updatedAt: 'desc' }] }) as unknown as Many<Campaign>, [db])
}

export function useCampaign(id: string): Campaign | null | undefined {
  const { db } = useData()
  return useRxDocument<Campaign>(() => db.campaigns.findOne(id) as unknown as One<Campaign>, [db, id])
}

export function useSegments(): Segment[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Segment>(() => db.segments.find({ sort: [{ name: 'asc' }] }) as unknown as Many<Segment>, [db])
}

export function useTemplates(): Template[] | undefined {
  const { db } = useData()
  return useRxQueryResult<Template>(() => db.templates.find({ sort: [{ name: 'asc' }] }) as unknown as Many<Template>, [db])
}

/** A campaign's engagement events, newest first (uses the [campaignId, at] index). */
export function useCampaignEvents(campaignId: string): EngagementEvent[] | undefined {
  const { db } = useData()
  return useRxQueryResult<EngagementEvent>(
    () => db.events.find({ selector: { campaignId }, sort: [{ campaignId: 'asc' }, { at: 'desc' }] }) as unknown as Many<EngagementEvent>,
    [db, campaignId],
  )
}

/** Opens and clicks between two instants (the dashboard's range). */
export function useEngagementBetween(from: number, to: number): EngagementEvent[] | undefined {
  const { db } = useData()
  return useRxQueryResult<EngagementEvent>(
    () => db.events.find({ selector: { at: { $gte: from, $lte: to }, type: { $in: ['open', 'click'] } } }) as unknown as Many<EngagementEvent>,
    [db, from, to],
  )
}
