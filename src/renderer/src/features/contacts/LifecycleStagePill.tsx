import type { LifecycleStage } from '@core/schema'
import { useStageLabels } from '../scoring/stageLabels'

// Colours follow the funnel: cool for early stages, green once someone buys.
const stageTones: Record<LifecycleStage, string> = {
  subscriber: 'bg-slate-100 text-slate-700 ring-slate-200',
  lead: 'bg-sky-50 text-sky-700 ring-sky-200',
  marketingQualified: 'bg-indigo-50 text-indigo-700 ring-indigo-200',
  salesQualified: 'bg-violet-50 text-violet-700 ring-violet-200',
  opportunity: 'bg-amber-50 text-amber-800 ring-amber-200',
  customer: 'bg-emerald-50 text-emerald-700 ring-emerald-200',
  evangelist: 'bg-pink-50 text-pink-700 ring-pink-200',
  other: 'bg-stone-100 text-stone-600 ring-stone-200',
}

const stageDots: Record<LifecycleStage, string> = {
  subscriber: 'bg-slate-400',
  lead: 'bg-sky-500',
  marketingQualified: 'bg-indigo-500',
  salesQualified: 'bg-violet-500',
  opportunity: 'bg-amber-500',
  customer: 'bg-emerald-500',
  evangelist: 'bg-pink-500',
  other: 'bg-stone-400',
}

export function stageDotClass(stage: LifecycleStage): string {
  return stageDots[stage]
}

export function LifecycleStagePill({ stage }: { stage: LifecycleStage }) {
  const labels = useStageLabels()
  return (
    <span className={`inline-flex h-5 max-w-full items-center gap-1.5 truncate rounded-full px-2 text-xs font-medium ring-1 ring-inset ${stageTones[stage]}`}>
      <span aria-hidden className={`h-1.5 w-1.5 shrink-0 rounded-full ${stageDots[stage]}`} />
      <span className="truncate">{labels[stage]}</span>
    </span>
  )
}
