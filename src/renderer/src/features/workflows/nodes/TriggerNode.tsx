import { Handle, Position, type Node, type NodeProps } from '@xyflow/react'
import { TRIGGER_TYPE_LABELS } from '../workflowDisplay'
import type { WorkflowTriggerType } from '@core/schema'
import { AddStepButton } from './AddStepButton'
import { NODE_WIDTH } from './StepNode'

export interface TriggerNodeData extends Record<string, unknown> {
  type: WorkflowTriggerType
  summary: string
  hasNext: boolean
  issue: string | null
}

export type TriggerFlowNode = Node<TriggerNodeData, 'trigger'>

/** Where every run starts: what enrols contacts. */
export function TriggerNode({ data, selected }: NodeProps<TriggerFlowNode>) {
  const ring = data.issue ? 'ring-2 ring-red-400' : selected ? 'ring-2 ring-accent-500' : 'ring-1 ring-accent-200'
  return (
    <div role="group" aria-label={`Trigger: ${data.summary}`} style={{ width: NODE_WIDTH }} className={`relative rounded-lg bg-accent-50 px-3 py-2.5 shadow-sm ${ring}`}>
      <p className="text-[11px] font-semibold tracking-wide text-accent-700 uppercase">Trigger · {TRIGGER_TYPE_LABELS[data.type]}</p>
      <p className="mt-0.5 truncate text-sm font-medium text-slate-900" title={data.summary}>
        {data.summary}
      </p>
      {data.issue ? <p className="mt-1 truncate text-[11px] text-red-600" title={data.issue}>{data.issue}</p> : null}
      <Handle id="next" type="source" position={Position.Bottom} className="!h-2.5 !w-2.5 !border-2 !border-white !bg-accent-500" />
      {data.hasNext ? null : <AddStepButton anchor={{ kind: 'trigger' }} label="Add first step" className="absolute -bottom-10 left-1/2 -translate-x-1/2" />}
    </div>
  )
}
