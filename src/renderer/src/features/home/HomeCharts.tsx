import { useMemo } from 'react'
import type { NewContactsSeries } from '@core/dashboard/kpis'
import { dayStart } from '@core/dashboard/period'
import { NO_CLOSE_MONTH, type MonthForecast } from '@core/deals/forecast'
import type { LifecycleFunnel } from '@core/lifecycle/funnel'
import type { LifecycleStage } from '@core/schema'
import { routePath } from '../../app/router'
import { EngagementChart } from '../analytics/EngagementChart'
import { ReportSection } from '../analytics/KpiCard'
import { LifecycleFunnelChart } from '../scoring/LifecycleFunnelChart'
import { formatMoney, majorUnits } from './homeFormat'

const dayLabel = new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric' })
const monthLabel = new Intl.DateTimeFormat('en-US', { month: 'short', year: 'numeric' })

export interface HomeChartsProps {
  /** Null while the contact index is still loading. */
  contactFigures: { newContacts: NewContactsSeries; funnel: LifecycleFunnel } | null
  readingContacts: string
  comparing: boolean
  periodText: string
  stageLabels: Record<LifecycleStage, string>
  funnelStages: readonly LifecycleStage[]
  forecast: readonly MonthForecast[]
  currency: string
}

export function HomeCharts({ contactFigures, readingContacts, comparing, periodText, stageLabels, funnelStages, forecast, currency }: HomeChartsProps) {
  const newContacts = contactFigures?.newContacts ?? null
  const labels = useMemo(() => (newContacts ? newContacts.days.map((day) => dayLabel.format(dayStart(day))) : []), [newContacts])
  const series = useMemo(
    () =>
      newContacts
        ? [
            { label: 'This period', values: newContacts.perDay, color: '#4f46e5' },
            ...(comparing ? [{ label: `The ${periodText}`, values: newContacts.previousPerDay, color: '#94a3b8', dashed: true }] : []),
          ]
        : [],
    [newContacts, comparing, periodText],
  )
  const months = useMemo(() => forecast.filter((row) => row.month !== NO_CLOSE_MONTH), [forecast])
  const monthLabels = useMemo(() => months.map((row) => monthLabel.format(dayStart(`${row.month}-01`))), [months])
  const forecastSeries = useMemo(
    () => [
      { label: 'Won', values: months.map((row) => majorUnits(row.won, currency)), color: '#059669' },
      { label: 'Open, weighted', values: months.map((row) => majorUnits(row.weighted, currency)), color: '#4f46e5' },
      { label: 'Open, full amount', values: months.map((row) => majorUnits(row.total, currency)), color: '#c7d2fe', hidden: true },
    ],
    [months, currency],
  )
  const forecastWeighted = months.reduce((sum, row) => sum + row.weighted, 0)

  return (
    <>
      <ReportSection title="New contacts per day" description={comparing ? `Dashed: the ${periodText}, day by day.` : 'By the day they were added.'}>
        {newContacts ? (
          <div className="px-4 py-3">
            <EngagementChart kind="line" labels={labels} series={series} label="New contacts per day" />
          </div>
        ) : (
          <Reading text={readingContacts} />
        )}
      </ReportSection>
      <div className="grid gap-4 lg:grid-cols-2">
        <ReportSection title="Lifecycle funnel" description="Contacts at each stage now and entered in this period; conversion below.">
          {contactFigures ? (
            <div className="px-4 py-3">
              <LifecycleFunnelChart funnel={contactFigures.funnel} labels={stageLabels} stages={funnelStages} />
            </div>
          ) : (
            <Reading text={readingContacts} />
          )}
        </ReportSection>
        <ReportSection
          title="Forecast by month"
          description={`${currency} · ${formatMoney(forecastWeighted, currency)} weighted in these months`}
          actions={
            <a className="text-xs font-medium text-accent-700 hover:underline" href={routePath({ name: 'deals', view: 'forecast' })}>
              Full forecast
            </a>
          }
        >
          <div className="px-4 py-3">
            <EngagementChart kind="bar" labels={monthLabels} series={forecastSeries} label={`Won and weighted open deals by month, in ${currency}`} />
          </div>
        </ReportSection>
      </div>
    </>
  )
}

/** Where a contact chart goes while the contacts are still being read (keeps the layout steady). */
function Reading({ text }: { text: string }) {
  return (
    <p role="status" className="flex h-64 items-center justify-center px-4 text-sm text-slate-500">
      {text}
    </p>
  )
}
