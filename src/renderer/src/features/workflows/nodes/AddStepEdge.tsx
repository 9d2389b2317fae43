import { BaseEdge, EdgeLabelRenderer, getSmoothStepPath, type Edge, type EdgeProps } from '@xyflow/react'
import type { GraphAnchor } from '../graphEdits'
import { AddStepButton } from './AddStepButton'

export interface AddStepEdgeData extends Record<string, unknown> {
  anchor: GraphAnchor
  /** 'Yes' / 'No' on a branch's arms. */
  branchLabel: string | null
  /** For the "+" button's accessible name. */
  sourceTitle: string
  targetTitle: string
}

export type AddStepFlowEdge = Edge<AddStepEdgeData, 'addStep'>

/** A link between two nodes with a "+" in the middle to put a step between them. */
export function AddStepEdge({ id, sourceX, sourceY, targetX, targetY, sourcePosition, targetPosition, data, markerEnd, selected }: EdgeProps<AddStepFlowEdge>) {
  const [path, labelX, labelY] = getSmoothStepPath({ sourceX, sourceY, sourcePosition, targetX, targetY, targetPosition, borderRadius: 10 })
  const stroke = selected ? '#4f46e5' : data?.branchLabel === 'No' ? '#e11d48' : data?.branchLabel === 'Yes' ? '#059669' : '#94a3b8'
  return (
    <>
      <BaseEdge id={id} path={path} markerEnd={markerEnd} style={{ stroke, strokeWidth: selected ? 2 : 1.5 }} />
      {data ? (
        <EdgeLabelRenderer>
          <div style={{ transform: `translate(-50%, -50%) translate(${labelX}px, ${labelY}px)`, pointerEvents: 'all' }} className="nodrag nopan absolute">
            <AddStepButton anchor={data.anchor} label={`Add step between ${data.sourceTitle} and ${data.targetTitle}`} />
          </div>
        </EdgeLabelRenderer>
      ) : null}
    </>
  )
}
