import { useMemo, useState } from 'react'
import { PlusIcon } from '../../ui/icons'
import type { Campaign, CampaignStatus, Segment } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { campaignRates, formatNumber, formatPercent } from '../analytics/campaignMetrics'
import { SegmentedControl } from '../../ui/SegmentedControl'
import { formatLocalDateTime } from './campaignDisplay'
import { useCampaigns, useSegments } from './campaignData'
import { createCampaign } from './campaignWrites'
import { StatusPill } from './StatusPill'

const FILTERS: { id: string; label: string; statuses: readonly CampaignStatus[] }[] = [
  { id: 'all', label: 'All', statuses: [] },
  { id: 'draft', label: 'Drafts', statuses: ['draft'] },
  { id: 'scheduled', label: 'Scheduled', statuses: ['scheduled'] },
  { id: 'sending', label: 'Sending', statuses: ['sending', 'paused'] },
  { id: 'sent', label: 'Sent', statuses: ['sent'] },
  { id: 'cancelled', label: 'Cancelled', statuses: ['cancelled'] },
]

function matchesFilter(campaign: Campaign, statuses: readonly CampaignStatus[]): boolean {
  return statuses.length === 0 || statuses.includes(campaign.status)
}

/** The campaign list: status, audience, when, and the key figures from the server's stats. */
export function CampaignsPage() {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const campaigns = useCampaigns()
  const segments = useSegments()
  const [filterId, setFilterId] = useState('all')
  const [creating, setCreating] = useState(false)
  const filter = FILTERS.find((candidate) => candidate.id === filterId) ?? FILTERS[0]!

  const segmentsById = useMemo(() => new Map((segments ?? []).map((segment) => [segment.id, segment])), [segments])
  const counts = useMemo(() => {
    const byFilter = new Map<string, number>()
    for (const option of FILTERS) byFilter.set(option.id, (campaigns ?? []).filter((campaign) => matchesFilter(campaign, option.statuses)).length)
    return byFilter
  }, [campaigns])
  const visible = useMemo(() => (campaigns ?? []).filter((campaign) => matchesFilter(campaign, filter.statuses)), [campaigns, filter])

  const newCampaign = async () => {
    if (creating) return
    setCreating(true)
    try {
      const campaign = await createCampaign(db)
      navigate({ name: 'campaign', id: campaign.id })
    } catch (error) {
      dispatch(toastShown({ message: `Could not create the campaign: ${String(error)}`, tone: 'error' }))
    } finally {
      setCreating(false)
    }
  }

  let body
  if (campaigns === undefined) {
    body = null
  } else if (campaigns.length === 0) {
    body = (
      <EmptyState
        title="No campaigns yet"
        action={
          <Button variant="primary" onClick={newCampaign}>
            New campaign
          </Button>
        }
      >
        A campaign sends a template to a segment, now or at a time you choose. The sync server sends it even while this device is closed.
      </EmptyState>
    )
  } else if (visible.length === 0) {
    body = (
      <EmptyState title={`No ${filter.label.toLowerCase()} campaigns`} action={<Button onClick={() => setFilterId('all')}>Show all campaigns</Button>}>
        Nothing here right now.
      </EmptyState>
    )
  } else {
    body = <CampaignTable campaigns={visible} segmentsById={segmentsById} />
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <header className="flex items-center justify-between gap-4 px-5 pt-4 pb-3">
        <div className="flex min-w-0 items-baseline gap-2.5">
          <h1 className="text-lg font-semibold tracking-tight text-slate-900">Campaigns</h1>
          <p className="truncate text-sm text-slate-500 tabular-nums">
            {campaigns && campaigns.length > 0 ? `${formatNumber(campaigns.length)} ${campaigns.length === 1 ? 'campaign' : 'campaigns'}` : ''}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <a href={routePath({ name: 'analytics' })} className="rounded-md px-3 py-1.5 text-sm font-medium text-slate-700 hover:bg-slate-100">
            Analytics
          </a>
          <Button variant="primary" onClick={newCampaign} disabled={creating}>
            <PlusIcon />
            New campaign
          </Button>
        </div>
      </header>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-5 pb-3">
        <SegmentedControl
          label="Filter by status"
          options={FILTERS.map((option) => ({ id: option.id, label: option.label, badge: counts.get(option.id) ?? 0 }))}
          value={filter.id}
          onChange={setFilterId}
        />
      </div>
      <div className="min-h-0 flex-1 overflow-auto">{body}</div>
    </div>
  )
}

function CampaignTable({ campaigns, segmentsById }: { campaigns: readonly Campaign[]; segmentsById: ReadonlyMap<string, Segment> }) {
  return (
    <table className="w-full min-w-[860px] border-separate border-spacing-0 text-sm">
      <caption className="sr-only">Campaigns</caption>
      <thead className="sticky top-0 z-10 bg-slate-50 text-left text-xs font-medium text-slate-500">
        <tr>
          <th scope="col" className="border-b border-slate-200 py-2 pr-3 pl-5 font-medium">
            Name
          </th>
          <th scope="col" className="border-b border-slate-200 px-3 py-2 font-medium">
            Status
          </th>
          <th scope="col" className="border-b border-slate-200 px-3 py-2 font-medium">
            Audience
          </th>
          <th scope="col" className="border-b border-slate-200 px-3 py-2 font-medium">
            When
          </th>
          <th scope="col" className="border-b border-slate-200 px-3 py-2 text-right font-medium">
            Sent
          </th>
          <th scope="col" className="border-b border-slate-200 px-3 py-2 text-right font-medium">
            Open rate
          </th>
          <th scope="col" className="border-b border-slate-200 py-2 pr-5 pl-3 text-right font-medium">
            Click rate
          </th>
        </tr>
      </thead>
      <tbody>
        {campaigns.map((campaign) => (
          <CampaignRowView key={campaign.id} campaign={campaign} segment={segmentsById.get(campaign.segmentId)} />
        ))}
      </tbody>
    </table>
  )
}

function whenLabel(campaign: Campaign): string {
  if (campaign.status === 'sent' && campaign.completedAt) return `Sent ${formatLocalDateTime(campaign.completedAt)}`
  if ((campaign.status === 'sending' || campaign.status === 'paused') && campaign.startedAt) return `Started ${formatLocalDateTime(campaign.startedAt)}`
  if (campaign.status === 'scheduled') return `Scheduled ${formatLocalDateTime(campaign.scheduledAt)}`
  if (campaign.status === 'draft') return campaign.scheduledAt > 0 ? `Planned ${formatLocalDateTime(campaign.scheduledAt)}` : 'Not scheduled'
  return campaign.startedAt ? `Started ${formatLocalDateTime(campaign.startedAt)}` : '—'
}

function CampaignRowView({ campaign, segment }: { campaign: Campaign; segment: Segment | undefined }) {
  const stats = campaign.stats
  const rates = stats ? campaignRates(stats) : null
  const hasFigures = stats !== undefined && stats.sent > 0
  const cell = 'border-b border-slate-100 px-3 py-2.5 align-middle'
  return (
    <tr className="group hover:bg-slate-50">
      <td className={`${cell} pl-5`}>
        <a href={routePath({ name: 'campaign', id: campaign.id })} className="font-medium text-slate-900 hover:text-accent-700 hover:underline">
          {campaign.name}
        </a>
        {hasFigures ? (
          <a href={routePath({ name: 'campaignReport', id: campaign.id })} className="ml-2 text-xs text-slate-500 opacity-0 group-hover:opacity-100 hover:text-accent-700 focus:opacity-100">
            Report
          </a>
        ) : null}
      </td>
      <td className={cell}>
        <StatusPill status={campaign.status} />
      </td>
      <td className={`${cell} text-slate-700`}>
        {segment ? (
          <>
            {segment.name}
            {stats && stats.recipients > 0 ? <span className="text-slate-400"> · {formatNumber(stats.recipients)}</span> : null}
          </>
        ) : (
          <span className="text-slate-400">{campaign.segmentId ? 'Deleted segment' : 'No audience yet'}</span>
        )}
      </td>
      <td className={`${cell} whitespace-nowrap text-slate-600`}>{whenLabel(campaign)}</td>
      <td className={`${cell} text-right tabular-nums text-slate-700`}>{hasFigures ? formatNumber(stats.sent) : '—'}</td>
      <td className={`${cell} text-right tabular-nums text-slate-700`}>{hasFigures && rates ? formatPercent(rates.openRate) : '—'}</td>
      <td className={`${cell} pr-5 text-right tabular-nums text-slate-700`}>{hasFigures && rates ? formatPercent(rates.clickRate) : '—'}</td>
    </tr>
  )
}
