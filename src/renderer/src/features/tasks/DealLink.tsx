import type { RxDocument, RxQuery } from 'rxdb'
import type { Deal } from '@core/schema'
import { routePath } from '../../app/router'
import { useData } from '../../data/dataContext'
import { useRxDocument } from '../../data/hooks'

/** A link to one deal by id, for rows that do not hold the whole deals list (one indexed lookup). */
export function DealLink({ dealId, className = '' }: { dealId: string; className?: string }) {
  const { db } = useData()
  const deal = useRxDocument<Deal>(() => db.deals.findOne(dealId) as unknown as RxQuery<Deal, RxDocument<Deal> | null>, [db, dealId])
  if (deal === undefined) return null
  if (deal === null) return <span className={`text-slate-400 ${className}`}>Deleted deal</span>
  return (
    <a href={routePath({ name: 'deal', id: deal.id })} className={`text-accent-700 hover:underline ${className}`}>
      Deal: {deal.name}
    </a>
  )
}
