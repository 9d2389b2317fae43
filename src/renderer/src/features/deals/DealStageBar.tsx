import type { Deal, PipelineSetting } from '@core/schema'

/**
 * The deal's place in its pipeline: one button per stage (click to move there), the stages
 * already passed filled in. Closed deals show the bar without moves.
 */
export function DealStageBar({ deal, pipeline, onMove }: { deal: Deal; pipeline: PipelineSetting; onMove: (stageId: string) => void }) {
  const current = pipeline.stages.findIndex((stage) => stage.id === deal.stageId)
  const closed = deal.status !== 'open'
  return (
    <ol aria-label="Stages" className="flex w-full overflow-hidden rounded-lg border border-slate-200">
      {pipeline.stages.map((stage, index) => {
        const isCurrent = index === current
        const passed = index < current
        const tone =
          deal.status === 'won'
            ? 'bg-emerald-600 text-white'
            : deal.status === 'lost' && isCurrent
              ? 'bg-red-600 text-white'
              : isCurrent
                ? 'bg-accent-600 text-white'
                : passed
                  ? 'bg-accent-50 text-accent-800'
                  : 'bg-white text-slate-600 hover:bg-slate-50'
        return (
          <li key={stage.id} className="min-w-0 flex-1 border-l border-slate-200 first:border-l-0">
            <button
              type="button"
              disabled={closed || isCurrent}
              aria-current={isCurrent ? 'step' : undefined}
              onClick={() => onMove(stage.id)}
              title={closed ? 'Reopen the deal to move it' : isCurrent ? undefined : `Move to ${stage.name}`}
              className={`flex h-10 w-full flex-col items-center justify-center px-2 text-xs font-medium transition-colors focus-visible:ring-2 focus-visible:ring-accent-500 focus-visible:outline-none focus-visible:ring-inset disabled:cursor-default ${tone}`}
            >
              <span className="max-w-full truncate">{stage.name}</span>
              <span className="text-[10px] font-normal opacity-80">{stage.probability} %</span>
            </button>
          </li>
        )
      })}
    </ol>
  )
}
