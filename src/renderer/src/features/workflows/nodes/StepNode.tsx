import { Handle, Position, type Node, type NodeProps } from '@xyflow/react'
import type { WorkflowStep } from '@core/schema'
import { STEP_TYPE_LABELS } from '../workflowDisplay'
import { AddStepButton } from './AddStepButton'
import { StepIcon } from './StepIcon'

export const NODE_WIDTH = 240

export interface StepNodeData extends Record<string, unknown> {
  step: WorkflowStep
  title: string
  detail: string
  /** "12 here · 340 passed" from the server's stats; null before any run. */
  counts: { current: number; passed: number } | null
  issue: string | null
}

export type StepFlowNode = Node<StepNodeData, 'step'>

const GROUP_COLOURS: Partial<Record<WorkflowStep['type'], string>> & { default: string } = {
  send_email: 'bg-sky-100 text-sky-700',
  wait: 'bg-amber-100 text-amber-800',
  branch: 'bg-violet-100 text-violet-700',
  exit: 'bg-slate-200 text-slate-700',
  create_task: 'bg-emerald-100 text-emerald-700',
  notify_member: 'bg-emerald-100 text-emerald-700',
  call_webhook: 'bg-rose-100 text-rose-700',
  default: 'bg-teal-100 text-teal-700',
}

const handleClass = '!h-2.5 !w-2.5 !border-2 !border-white !bg-slate-400'

/** One step on the canvas: icon, title, what it does, how many contacts are here and went past. */
export function StepNode({ data, selected }: NodeProps<StepFlowNode>) {
  const { step, title, detail, counts, issue } = data
  const isBranch = step.type === 'branch'
  const ring = issue ? 'ring-2 ring-red-400' : selected ? 'ring-2 ring-accent-500' : 'ring-1 ring-slate-200'
  return (
    <div
      role="group"
      aria-label={`${STEP_TYPE_LABELS[step.type]}: ${title}`}
      aria-invalid={issue ? true : undefined}
      style={{ width: NODE_WIDTH }}
      className={`relative rounded-lg bg-white px-3 py-2.5 shadow-sm ${ring}`}
    >
      <Handle type="target" position={Position.Top} className={handleClass} />
      <div className="flex items-start gap-2.5">
        <span aria-hidden className={`mt-0.5 flex h-7 w-7 shrink-0 items-center justify-center rounded-md text-sm ${GROUP_COLOURS[step.type] ?? GROUP_COLOURS.default}`}>
          <StepIcon type={step.type} />
        </span>
        <div className="min-w-0 flex-1">
          <p className="truncate text-sm font-medium text-slate-900" title={title}>
            {title}
          </p>
          {detail ? (
            <p className="truncate text-xs text-slate-500" title={detail}>
              {detail}
            </p>
          ) : null}
          {counts ? (
            <p className="mt-1 text-[11px] text-slate-500 tabular-nums">
              <span className="font-medium text-slate-700">{counts.current.toLocaleString()}</span> here · {counts.passed.toLocaleString()} passed
            </p>
          ) : null}
          {issue ? <p className="mt-1 truncate text-[11px] text-red-600" title={issue}>{issue}</p> : null}
        </div>
      </div>
      {isBranch ? (
        <>
          <Handle id="next" type="source" position={Position.Bottom} style={{ left: '28%' }} className={handleClass} />
          <Handle id="else" type="source" position={Position.Bottom} style={{ left: '72%' }} className={handleClass} />
          <span aria-hidden className="absolute -bottom-4 left-[28%] -translate-x-1/2 text-[10px] font-semibold text-emerald-700">Yes</span>
          <span aria-hidden className="absolute -bottom-4 left-[72%] -translate-x-1/2 text-[10px] font-semibold text-rose-700">No</span>
          {step.next === '' ? (
            <AddStepButton anchor={{ kind: 'step', stepId: step.id, handle: 'next' }} label={`Add step on Yes of ${title}`} className="absolute -bottom-12 left-[28%] -translate-x-1/2" />
          ) : null}
          {(step.elseNext ?? '') === '' ? (
            <AddStepButton anchor={{ kind: 'step', stepId: step.id, handle: 'else' }} label={`Add step on No of ${title}`} className="absolute -bottom-12 left-[72%] -translate-x-1/2" />
          ) : null}
        </>
      ) : step.type === 'exit' ? null : (
        <>
          <Handle id="next" type="source" position={Position.Bottom} className={handleClass} />
          {step.next === '' ? (
            <AddStepButton anchor={{ kind: 'step', stepId: step.id, handle: 'next' }} label={`Add step after ${title}`} className="absolute -bottom-10 left-1/2 -translate-x-1/2" />
          ) : null}
        </>
      )}
    </div>
  )
}
