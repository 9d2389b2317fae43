import { useMemo, useState } from 'react'
import type { Campaign, CampaignStats } from '@core/schema'
import { routePath } from '../../app/router'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { AbTestReport } from '../campaigns/AbTestReport'
import { useCampaign, useCampaignEvents } from '../campaigns/campaignData'
import { formatLocalDateTime } from '../campaigns/campaignDisplay'
import { StatusPill } from '../campaigns/StatusPill'
import { contactDisplayName } from '../contacts/contactDisplay'
import { engagedContacts, exportFileName, formatNumber, reportFigures, timelineSeries, type EngagedContact } from './campaignMetrics'
import { downloadCsv } from './downloadCsv'
import { EngagementChart } from './EngagementChart'
import { KpiCard, ReportSection } from './KpiCard'
import { engagedContactsCsv, linksCsv, summaryCsv } from './reportCsv'
import { ReportTable, type ReportColumn } from './ReportTable'
import { SegmentedControl } from '../../ui/SegmentedControl'

/** Rows drawn per engagement table; the CSV export has them all. */
export const ENGAGED_ROWS_SHOWN = 200

const OPENS_COLOR = '#4f46e5'
const CLICKS_COLOR = '#059669'
const LINK_COLUMNS: readonly ReportColumn[] = [
  { label: 'URL' },
  { label: 'Clicks', className: 'w-28 text-right' },
  { label: 'Unique clicks', className: 'w-32 text-right' },
]

/** One campaign's results, live from the stats and events the sync server writes. */
export function CampaignReportPage({ id }: { id: string }) {
  const campaign = useCampaign(id)
  if (campaign === undefined) return null
  if (campaign === null) {
    return (
      <EmptyState title="Campaign not found" action={<a className="text-sm font-medium text-accent-700 hover:underline" href={routePath({ name: 'campaigns' })}>Back to campaigns</a>}>
        It may have been deleted on another device.
      </EmptyState>
    )
  }
  return <Report campaign={campaign} />
}

function Report({ campaign }: { campaign: Campaign }) {
  const stats = campaign.stats
  const started = stats !== undefined && (stats.sent > 0 || stats.recipients > 0)
  const exportSummary = () => {
    if (stats) downloadCsv(exportFileName(campaign, 'summary', Date.now()), summaryCsv(campaign, stats))
  }
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center justify-between gap-4 border-b border-slate-200 px-5 pt-4 pb-3">
        <div className="min-w-0">
          <nav aria-label="Breadcrumb" className="flex items-center gap-1.5 text-xs text-slate-500">
            <a href={routePath({ name: 'campaigns' })} className="hover:text-slate-900">
              Campaigns
            </a>
            <span aria-hidden>/</span>
            <a href={routePath({ name: 'campaign', id: campaign.id })} className="truncate hover:text-slate-900">
              {campaign.name}
            </a>
          </nav>
          <div className="mt-0.5 flex min-w-0 items-center gap-2.5">
            <h1 className="truncate text-lg font-semibold tracking-tight text-slate-900">{campaign.name} · Report</h1>
            <StatusPill status={campaign.status} />
          </div>
          <p className="mt-0.5 text-xs text-slate-500">{sentLine(campaign)}</p>
        </div>
        {started ? (
          <Button onClick={exportSummary}>
            <DownloadIcon />
            Export summary
          </Button>
        ) : null}
      </header>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50/60">
        {started && stats ? (
          <ReportBody campaign={campaign} stats={stats} />
        ) : (
          <EmptyState
            title="No results yet"
            action={
              <a className="text-sm font-medium text-accent-700 hover:underline" href={routePath({ name: 'campaign', id: campaign.id })}>
                Open the campaign
              </a>
            }
          >
            {campaign.status === 'scheduled'
              ? `It starts ${formatLocalDateTime(campaign.scheduledAt)}. Figures appear here as the sync server sends and people open.`
              : 'Results appear here once the campaign starts sending.'}
          </EmptyState>
        )}
      </div>
    </div>
  )
}

function sentLine(campaign: Campaign): string {
  if (campaign.completedAt) return `Sent ${formatLocalDateTime(campaign.startedAt ?? campaign.completedAt)} · finished ${formatLocalDateTime(campaign.completedAt)}`
  if (campaign.startedAt) return `Started ${formatLocalDateTime(campaign.startedAt)}`
  if (campaign.status === 'scheduled') return `Scheduled for ${formatLocalDateTime(campaign.scheduledAt)}`
  return 'Not sent yet'
}

function ReportBody({ campaign, stats }: { campaign: Campaign; stats: CampaignStats }) {
  const figures = useMemo(() => reportFigures(stats), [stats])
  const series = useMemo(() => timelineSeries(stats.timeline), [stats.timeline])
  const chartSeries = useMemo(
    () => [
      { label: 'Opens', values: series.opens, color: OPENS_COLOR },
      { label: 'Clicks', values: series.clicks, color: CLICKS_COLOR },
    ],
    [series],
  )
  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-5">
      <dl aria-label="Key figures" className="grid grid-cols-[repeat(auto-fill,minmax(11rem,1fr))] gap-3">
        {figures.map((figure) => (
          <KpiCard key={figure.label} label={figure.label} value={figure.value} detail={figure.detail} />
        ))}
      </dl>
      <AbTestReport campaign={campaign} />
      <ReportSection title="Opens and clicks over time" description={`People only, per ${series.bucket}; machine opens and clicks are counted apart above.`}>
        <div className="px-4 py-3">
          {series.labels.length > 0 ? (
            <EngagementChart kind="line" labels={series.labels} series={chartSeries} label={`Opens and clicks per ${series.bucket}`} />
          ) : (
            <p className="py-10 text-center text-sm text-slate-500">No opens or clicks yet.</p>
          )}
        </div>
      </ReportSection>
      <LinksSection campaign={campaign} links={stats.links} />
      <EngagedSection campaign={campaign} />
    </div>
  )
}

function LinksSection({ campaign, links }: { campaign: Campaign; links: CampaignStats['links'] }) {
  const sorted = useMemo(() => [...links].sort((a, b) => b.clicks - a.clicks), [links])
  return (
    <ReportSection
      title="Links"
      description="Human clicks per link"
      actions={
        links.length > 0 ? (
          <Button size="sm" onClick={() => downloadCsv(exportFileName(campaign, 'links', Date.now()), linksCsv(links))}>
            <DownloadIcon />
            Export CSV
          </Button>
        ) : null
      }
    >
      {sorted.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">This campaign has no tracked links.</p>
      ) : (
        <ReportTable caption="Clicks per link" columns={LINK_COLUMNS}>
          {sorted.map((link, index) => (
            <tr key={`${index}-${link.url}`} className="border-t border-slate-100">
              <td className="max-w-0 truncate px-4 py-2 text-slate-700" title={link.url}>
                {link.url}
              </td>
              <td className="px-4 py-2 text-right tabular-nums">{formatNumber(link.clicks)}</td>
              <td className="px-4 py-2 text-right tabular-nums">{formatNumber(link.uniqueClicks)}</td>
            </tr>
          ))}
        </ReportTable>
      )}
    </ReportSection>
  )
}

const dateTimeShort = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' })

function EngagedSection({ campaign }: { campaign: Campaign }) {
  const { contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const events = useCampaignEvents(campaign.id)
  const [kind, setKind] = useState<'open' | 'click'>('open')
  const opened = useMemo(() => engagedContacts(events ?? [], 'open'), [events])
  const clicked = useMemo(() => engagedContacts(events ?? [], 'click'), [events])
  const rows = kind === 'open' ? opened : clicked
  const nameOf = useMemo(() => {
    void version
    return (contactId: string) => {
      const contact = index.get(contactId)
      return contact ? contactDisplayName(contact) : ''
    }
  }, [index, version])
  const exportRows = () => downloadCsv(exportFileName(campaign, kind === 'open' ? 'opened' : 'clicked', Date.now()), engagedContactsCsv(rows, nameOf, kind))
  return (
    <ReportSection
      title="Who opened and clicked"
      description="From the recent engagement this device holds"
      actions={
        <>
          <SegmentedControl
            label="Show"
            value={kind}
            onChange={setKind}
            options={[
              { id: 'open', label: 'Opened', badge: formatNumber(opened.length) },
              { id: 'click', label: 'Clicked', badge: formatNumber(clicked.length) },
            ]}
          />
          <Button size="sm" onClick={exportRows} disabled={rows.length === 0}>
            <DownloadIcon />
            Export CSV
          </Button>
        </>
      }
    >
      {rows.length === 0 ? (
        <p className="px-4 py-6 text-center text-sm text-slate-500">{kind === 'open' ? 'Nobody has opened it yet.' : 'Nobody has clicked a link yet.'}</p>
      ) : (
        <EngagedTable rows={rows} kind={kind} nameOf={nameOf} />
      )}
    </ReportSection>
  )
}

function EngagedTable({ rows, kind, nameOf }: { rows: readonly EngagedContact[]; kind: 'open' | 'click'; nameOf: (id: string) => string }) {
  const shown = rows.slice(0, ENGAGED_ROWS_SHOWN)
  return (
    <>
      <ReportTable
        caption={kind === 'open' ? 'Contacts who opened' : 'Contacts who clicked'}
        columns={[
          { label: 'Contact' },
          { label: kind === 'open' ? 'Opened' : 'Clicked', className: 'w-44' },
          ...(kind === 'click' ? [{ label: 'Link' }] : []),
          { label: 'Source', className: 'w-28' },
        ]}
      >
        {shown.map((row) => {
          const name = nameOf(row.contactId)
          return (
            <tr key={row.contactId || row.email} className="border-t border-slate-100">
              <td className="px-4 py-2">
                {row.contactId && name ? (
                  <a href={routePath({ name: 'contact', id: row.contactId })} className="font-medium text-slate-900 hover:text-accent-700 hover:underline">
                    {name}
                  </a>
                ) : (
                  <span className="font-medium text-slate-900">{row.email || 'Deleted contact'}</span>
                )}
                {name && row.email ? <span className="ml-2 text-xs text-slate-500">{row.email}</span> : null}
              </td>
              <td className="px-4 py-2 whitespace-nowrap text-slate-600 tabular-nums">
                {dateTimeShort.format(row.firstAt)}
                {row.count > 1 ? <span className="text-slate-400"> · {row.count}×</span> : null}
              </td>
              {kind === 'click' ? (
                <td className="max-w-0 truncate px-4 py-2 text-slate-600" title={row.urls.join('\n')}>
                  {row.urls[0] ?? ''}
                  {row.urls.length > 1 ? <span className="text-slate-400"> +{row.urls.length - 1}</span> : null}
                </td>
              ) : null}
              <td className="px-4 py-2">
                {row.machineOnly ? (
                  <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs text-slate-600" title="Likely a privacy proxy or link scanner">
                    Machine
                  </span>
                ) : (
                  <span className="rounded-full bg-emerald-50 px-2 py-0.5 text-xs text-emerald-700">Person</span>
                )}
              </td>
            </tr>
          )
        })}
      </ReportTable>
      {rows.length > shown.length ? (
        <p className="border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
          Showing the latest {formatNumber(shown.length)} of {formatNumber(rows.length)}. Export CSV for all of them.
        </p>
      ) : null}
    </>
  )
}

export function DownloadIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="h-3.5 w-3.5" fill="none" stroke="currentColor" strokeWidth="1.75">
      <path d="M8 2.5v8m0 0 3-3m-3 3-3-3M3 13h10" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  )
}
