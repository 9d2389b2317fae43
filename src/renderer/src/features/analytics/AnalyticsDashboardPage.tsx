import { useMemo, useState } from 'react'
import { routePath } from '../../app/router'
import { useNow } from '../../app/useNow'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { inputClass } from '../../ui/Field'
import { useCampaigns, useEngagementBetween } from '../campaigns/campaignData'
import { dayStart, exportFileName, formatNumber, formatPercent, localDayKey } from './campaignMetrics'
import { DownloadIcon } from './CampaignReportPage'
import { downloadCsv } from './downloadCsv'
import { campaignRows, campaignsInRange, customRange, dailyEngagement, dashboardTotals, presetRange, RANGE_PRESETS, type DateRange, type RangePresetId } from './dashboardData'
import { EngagementChart } from './EngagementChart'
import { KpiCard, ReportSection } from './KpiCard'
import { dashboardCsv } from './reportCsv'
import { ReportTable, type ReportColumn } from './ReportTable'
import { SegmentedControl } from '../../ui/SegmentedControl'

const MINUTE = 60_000
const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' })
const dateLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', year: 'numeric' })
const DASHBOARD_COLUMNS: readonly ReportColumn[] = [
  { label: 'Campaign' },
  { label: 'Sent on' },
  { label: 'Sent', className: 'text-right' },
  { label: 'Open rate', className: 'text-right' },
  { label: 'Click rate', className: 'text-right' },
  { label: 'Click-to-open', className: 'text-right' },
  { label: 'Unsubscribes', className: 'text-right' },
]

/** Results across campaigns sent in a date range: totals, engagement per day, and each campaign's rates. */
export function AnalyticsDashboardPage() {
  // The range's end follows the clock, so "last 7 days" is still right after midnight.
  const now = useNow(MINUTE)
  const today = localDayKey(now)
  const [preset, setPreset] = useState<RangePresetId>('30d')
  const [customFrom, setCustomFrom] = useState(() => localDayKey(now - 29 * 86_400_000))
  const [customTo, setCustomTo] = useState(today)

  const custom = useMemo(() => customRange(customFrom, customTo), [customFrom, customTo])
  const range = useMemo((): DateRange | null => {
    if (preset === 'custom') return custom.ok ? custom.value : null
    const days = RANGE_PRESETS.find((option) => option.id === preset)?.days ?? 30
    // Keyed on the day, not the minute: the queries below re-run once a day, not every minute.
    return presetRange(days, dayStart(today))
  }, [preset, custom, today])

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <header className="flex items-center justify-between gap-4 px-5 pt-4 pb-3">
        <div className="flex min-w-0 items-baseline gap-2.5">
          <h1 className="text-lg font-semibold tracking-tight text-slate-900">Analytics</h1>
          <p className="truncate text-sm text-slate-500">{range ? `${dateLabel.format(range.from)} – ${dateLabel.format(range.to)}` : ''}</p>
        </div>
      </header>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-200 px-5 pb-3">
        <SegmentedControl label="Date range" options={RANGE_PRESETS.map((option) => ({ id: option.id, label: option.label }))} value={preset} onChange={setPreset} />
        {preset === 'custom' ? (
          <div className="flex items-center gap-2 text-sm">
            <label className="sr-only" htmlFor="analytics-from">
              From
            </label>
            <input id="analytics-from" type="date" value={customFrom} max={today} onChange={(event) => setCustomFrom(event.target.value)} className={`${inputClass} w-40`} aria-invalid={!custom.ok} />
            <span aria-hidden className="text-slate-400">
              –
            </span>
            <label className="sr-only" htmlFor="analytics-to">
              To
            </label>
            <input id="analytics-to" type="date" value={customTo} onChange={(event) => setCustomTo(event.target.value)} className={`${inputClass} w-40`} aria-invalid={!custom.ok} />
            {!custom.ok ? (
              <p role="alert" className="text-xs text-red-600">
                {custom.error}
              </p>
            ) : null}
          </div>
        ) : null}
      </div>
      <div className="min-h-0 flex-1 overflow-y-auto bg-slate-50/60">{range ? <Dashboard range={range} /> : null}</div>
    </div>
  )
}

function Dashboard({ range }: { range: DateRange }) {
  const campaigns = useCampaigns()
  const events = useEngagementBetween(range.from, range.to)
  const inRange = useMemo(() => campaignsInRange(campaigns ?? [], range), [campaigns, range])
  const totals = useMemo(() => dashboardTotals(inRange), [inRange])
  const rows = useMemo(() => campaignRows(inRange), [inRange])
  const daily = useMemo(() => dailyEngagement(events ?? [], range), [events, range])
  const labels = useMemo(() => daily.days.map((day) => dayLabel.format(dayStart(day))), [daily])
  const machineTotal = useMemo(() => [...daily.machineOpens, ...daily.machineClicks].reduce((sum, value) => sum + value, 0), [daily])
  const chartSeries = useMemo(
    () => [
      { label: 'Opens', values: daily.opens, color: '#4f46e5' },
      { label: 'Clicks', values: daily.clicks, color: '#059669' },
      { label: 'Machine opens and clicks', values: daily.machineOpens.map((value, index) => value + (daily.machineClicks[index] ?? 0)), color: '#cbd5e1', hidden: true },
    ],
    [daily],
  )

  if (campaigns === undefined) return null
  if (campaigns.length === 0) {
    return (
      <EmptyState title="Nothing to report yet" action={<a className="text-sm font-medium text-accent-700 hover:underline" href={routePath({ name: 'campaigns' })}>Go to campaigns</a>}>
        Send a campaign and its opens, clicks and unsubscribes show up here.
      </EmptyState>
    )
  }

  const exportAll = () => downloadCsv(exportFileName(null, 'outpost-analytics', Date.now()), dashboardCsv(totals, rows, daily))

  return (
    <div className="mx-auto flex max-w-6xl flex-col gap-4 p-5">
      <dl aria-label="Totals" className="grid grid-cols-[repeat(auto-fill,minmax(10rem,1fr))] gap-3">
        <KpiCard label="Campaigns sent" value={formatNumber(totals.campaigns)} />
        <KpiCard label="Messages sent" value={formatNumber(totals.sent)} detail={`${formatNumber(totals.delivered)} delivered`} />
        <KpiCard label="Open rate" value={formatPercent(totals.openRate)} detail={`${formatNumber(totals.uniqueOpens)} unique opens`} />
        <KpiCard label="Click rate" value={formatPercent(totals.clickRate)} detail={`${formatNumber(totals.uniqueClicks)} unique clicks`} />
        <KpiCard label="Unsubscribes" value={formatNumber(totals.unsubscribes)} />
        <KpiCard label="Bounces" value={formatNumber(totals.bounced)} />
      </dl>
      <ReportSection
        title="Opens and clicks per day"
        description={
          machineTotal > 0
            ? `People only; ${formatNumber(machineTotal)} machine opens and clicks are apart (turn them on in the legend).`
            : 'People only, from the engagement this device holds.'
        }
      >
        <div className="px-4 py-3">
          <EngagementChart kind="bar" labels={labels} series={chartSeries} label="Opens and clicks per day" />
        </div>
      </ReportSection>
      <ReportSection
        title="Campaigns in this range"
        actions={
          <Button size="sm" onClick={exportAll}>
            <DownloadIcon />
            Export CSV
          </Button>
        }
      >
        {rows.length === 0 ? (
          <p className="px-4 py-6 text-center text-sm text-slate-500">No campaign was sent in this range. Try a longer one.</p>
        ) : (
          <div className="overflow-x-auto">
            <ReportTable caption="Campaigns sent in the range" columns={DASHBOARD_COLUMNS} className="w-full min-w-[720px]">
              {rows.map((row) => (
                <tr key={row.id} className="border-t border-slate-100">
                  <td className="px-4 py-2">
                    <a href={routePath({ name: 'campaignReport', id: row.id })} className="font-medium text-slate-900 hover:text-accent-700 hover:underline">
                      {row.name}
                    </a>
                  </td>
                  <td className="px-4 py-2 whitespace-nowrap text-slate-600">{dateLabel.format(row.sentAt)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatNumber(row.sent)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatPercent(row.rates.openRate)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatPercent(row.rates.clickRate)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatPercent(row.rates.clickToOpenRate)}</td>
                  <td className="px-4 py-2 text-right tabular-nums">{formatNumber(row.unsubscribes)}</td>
                </tr>
              ))}
            </ReportTable>
          </div>
        )}
      </ReportSection>
    </div>
  )
}
