import {
  Background,
  Controls,
  MarkerType,
  ReactFlow,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
  type OnBeforeDelete,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { newId } from '@core/ids'
import type { WorkflowGraph, WorkflowStats, WorkflowStepType } from '@core/schema'
import { Button } from '../../ui/Button'
import { PlusIcon } from '../../ui/icons'
import { anchorTarget, connect, disconnect, insertStep, moveSteps, triggerNodePosition, TRIGGER_NODE_ID, type GraphAnchor } from './graphEdits'
import { tidyLayout } from './layout'
import { AddStepEdge, type AddStepFlowEdge } from './nodes/AddStepEdge'
import { CanvasActionsContext, type CanvasActions } from './nodes/canvasActions'
import { StepNode, type StepFlowNode } from './nodes/StepNode'
import { TriggerNode, type TriggerFlowNode } from './nodes/TriggerNode'
import { StepTypeMenu } from './StepTypeMenu'
import { stepDetail, stepTitle, triggerSummary, type NameLookup } from './workflowDisplay'

type FlowNode = StepFlowNode | TriggerFlowNode

const nodeTypes = { step: StepNode, trigger: TriggerNode }
const edgeTypes = { addStep: AddStepEdge }

export interface WorkflowCanvasProps {
  graph: WorkflowGraph
  names: NameLookup
  stats: WorkflowStats | undefined
  /** The first problem of each step, by step id. */
  issues: ReadonlyMap<string, string>
  selectedId: string | null
  onSelect: (id: string | null) => void
  onChange: (change: (graph: WorkflowGraph) => WorkflowGraph) => void
  /** Delete/Backspace on the selection: the builder removes the steps and offers undo. */
  onDeleteSteps: (stepIds: string[]) => void
  readOnly: boolean
}

/** The drawing: the trigger, one node per step, links from `next` / `elseNext`, "+" to add steps. */
export function WorkflowCanvas({ graph, names, stats, issues, selectedId, onSelect, onChange, onDeleteSteps, readOnly }: WorkflowCanvasProps) {
  const { fitView } = useReactFlow<FlowNode, AddStepFlowEdge>()
  const [menu, setMenu] = useState<{ anchor: GraphAnchor; at: DOMRect; button: HTMLElement } | null>(null)
  const built = useMemo(() => buildFlow(graph, names, stats, issues), [graph, names, stats, issues])
  const [nodes, setNodes] = useState<FlowNode[]>([])
  const [edges, setEdges] = useState<AddStepFlowEdge[]>([])

  // Fresh nodes keep what the canvas measured (xyflow hides a node until it knows its size).
  useEffect(() => {
    setNodes((previous) => {
      const before = new Map(previous.map((node) => [node.id, node]))
      return built.nodes.map((node) => {
        const old = before.get(node.id)
        return { ...node, selected: node.id === selectedId, ...(old?.measured ? { measured: old.measured } : {}), ...(old?.dragging ? { position: old.position } : {}) } as FlowNode
      })
    })
  }, [built, selectedId])
  useEffect(() => {
    setEdges((previous) => {
      const selected = new Set(previous.filter((edge) => edge.selected).map((edge) => edge.id))
      return built.edges.map((edge) => ({ ...edge, selected: selected.has(edge.id) }))
    })
  }, [built])

  // A new step may land below the visible area: once it is on the canvas and measured, show the whole flow again.
  const fitPending = useRef(false)
  useEffect(() => {
    if (!fitPending.current || nodes.some((node) => !node.measured)) return
    fitPending.current = false
    void fitView({ padding: 0.2, maxZoom: 1, duration: 200 })
  }, [nodes, fitView])

  const onNodesChange = useCallback(
    (changes: NodeChange<FlowNode>[]) => {
      // Removal goes through onDelete (with undo); everything else (measure, drag, select) is local.
      setNodes((current) => applyNodeChanges(changes.filter((change) => change.type !== 'remove'), current))
      // Only what the user picks on the canvas arrives here (our own prop changes do not), so the
      // selection never echoes back; xyflow's onSelectionChange can report a stale one mid-update.
      const selects = changes.filter((change) => change.type === 'select')
      if (selects.length === 0) return
      const chosen = selects.find((change) => change.selected)
      if (chosen) onSelect(chosen.id)
      else onSelect(null)
    },
    [onSelect],
  )
  const onEdgesChange = useCallback((changes: EdgeChange<AddStepFlowEdge>[]) => {
    setEdges((current) => applyEdgeChanges(changes.filter((change) => change.type !== 'remove'), current))
  }, [])
  const onBeforeDelete = useCallback<OnBeforeDelete<FlowNode, AddStepFlowEdge>>(
    async ({ nodes: doomed, edges: links }) => (readOnly ? false : { nodes: doomed.filter((node) => node.type === 'step'), edges: links }),
    [readOnly],
  )
  const onDelete = useCallback(
    ({ nodes: doomed, edges: links }: { nodes: FlowNode[]; edges: AddStepFlowEdge[] }) => {
      const stepIds = doomed.filter((node) => node.type === 'step').map((node) => node.id)
      // Deleting a node also reports its links; they are rewired by removeSteps, not cut.
      if (stepIds.length > 0) onDeleteSteps(stepIds)
      else if (links.length > 0) onChange((current) => links.reduce((g, edge) => (edge.data ? disconnect(g, edge.data.anchor) : g), current))
    },
    [onChange, onDeleteSteps],
  )
  const onConnect = useCallback(
    (connection: Connection) => {
      const anchor: GraphAnchor =
        connection.source === TRIGGER_NODE_ID ? { kind: 'trigger' } : { kind: 'step', stepId: connection.source, handle: connection.sourceHandle === 'else' ? 'else' : 'next' }
      onChange((current) => connect(current, anchor, connection.target))
    },
    [onChange],
  )
  const onNodeDragStop = useCallback(
    (_event: unknown, _node: FlowNode, moved: FlowNode[]) => {
      const positions = new Map(moved.filter((node) => node.type === 'step').map((node) => [node.id, node.position]))
      onChange((current) => moveSteps(current, positions))
    },
    [onChange],
  )

  const actions = useMemo<CanvasActions>(
    () => ({ readOnly, openStepMenu: (anchor, button) => setMenu({ anchor, at: button.getBoundingClientRect(), button }) }),
    [readOnly],
  )

  const pick = (type: WorkflowStepType) => {
    if (!menu) return
    const id = newId()
    onChange((current) => insertStep(current, menu.anchor, type, id))
    setMenu(null)
    onSelect(id)
    fitPending.current = true
  }
  const closeMenu = () => {
    menu?.button.focus()
    setMenu(null)
  }

  const toolbarAnchor = anchorForSelection(graph, selectedId)
  return (
    <CanvasActionsContext.Provider value={actions}>
      <div className="relative h-full min-h-0 w-full" aria-label="Workflow canvas" role="region">
        <ReactFlow<FlowNode, AddStepFlowEdge>
          nodes={nodes}
          edges={edges}
          nodeTypes={nodeTypes}
          edgeTypes={edgeTypes}
          onNodesChange={onNodesChange}
          onEdgesChange={onEdgesChange}
          onBeforeDelete={onBeforeDelete}
          onDelete={onDelete}
          onConnect={onConnect}
          onNodeDragStop={onNodeDragStop}
          onPaneClick={() => onSelect(null)}
          nodesDraggable={!readOnly}
          nodesConnectable={!readOnly}
          deleteKeyCode={readOnly ? null : ['Delete', 'Backspace']}
          multiSelectionKeyCode={['Meta', 'Control', 'Shift']}
          fitView
          fitViewOptions={{ padding: 0.25, maxZoom: 1 }}
          minZoom={0.25}
          maxZoom={1.5}
          defaultEdgeOptions={{ markerEnd: { type: MarkerType.ArrowClosed, width: 16, height: 16, color: '#94a3b8' } }}
        >
          <Background gap={20} size={1} color="#e2e8f0" />
          <Controls showInteractive={false} position="bottom-left" />
        </ReactFlow>
        {readOnly ? null : (
          <div className="absolute top-3 left-3 z-10 flex gap-2">
            <Button
              size="sm"
              variant="secondary"
              disabled={toolbarAnchor === null}
              title={toolbarAnchor === null ? 'An exit step ends the path' : 'Add a step after the selected one (or after the trigger)'}
              aria-haspopup="menu"
              onClick={(event) => toolbarAnchor && setMenu({ anchor: toolbarAnchor, at: event.currentTarget.getBoundingClientRect(), button: event.currentTarget })}
            >
              <PlusIcon />
              Add step
            </Button>
            <Button size="sm" variant="ghost" className="bg-white/80" onClick={() => onChange(tidyLayout)}>
              Tidy up
            </Button>
          </div>
        )}
        {menu ? <StepTypeMenu at={menu.at} onPick={pick} onClose={closeMenu} /> : null}
      </div>
    </CanvasActionsContext.Provider>
  )
}

/** Where the toolbar's "Add step" puts a step: after the selected step (its Yes arm for a branch), else after the trigger. */
export function anchorForSelection(graph: WorkflowGraph, selectedId: string | null): GraphAnchor | null {
  const step = selectedId ? graph.steps.find((candidate) => candidate.id === selectedId) : undefined
  if (!step) return { kind: 'trigger' }
  if (step.type === 'exit') return null
  if (step.type === 'branch' && step.next !== '' && (step.elseNext ?? '') === '') return { kind: 'step', stepId: step.id, handle: 'else' }
  return { kind: 'step', stepId: step.id, handle: 'next' }
}

function buildFlow(
  graph: WorkflowGraph,
  names: NameLookup,
  stats: WorkflowStats | undefined,
  issues: ReadonlyMap<string, string>,
): { nodes: FlowNode[]; edges: AddStepFlowEdge[] } {
  const counts = new Map((stats?.steps ?? []).map((entry) => [entry.stepId, entry]))
  const titles = new Map(graph.steps.map((step) => [step.id, stepTitle(step, names)]))
  const summary = triggerSummary(graph.trigger, names)
  const nodes: FlowNode[] = [
    {
      id: TRIGGER_NODE_ID,
      type: 'trigger',
      position: triggerNodePosition(graph),
      draggable: false,
      deletable: false,
      data: { type: graph.trigger.type, summary, hasNext: graph.entryStepId !== '', issue: issues.get(TRIGGER_NODE_ID) ?? null },
    },
  ]
  for (const step of graph.steps) {
    const count = counts.get(step.id)
    nodes.push({
      id: step.id,
      type: 'step',
      position: { x: step.x ?? 0, y: step.y ?? 0 },
      data: {
        step,
        title: titles.get(step.id) ?? step.id,
        detail: stepDetail(step, names),
        counts: count ? { current: count.current, passed: count.passed } : null,
        issue: issues.get(step.id) ?? null,
      },
    })
  }
  const edges: AddStepFlowEdge[] = []
  const addEdge = (source: string, anchor: GraphAnchor, branchLabel: string | null) => {
    const target = anchorTarget(graph, anchor)
    if (!target || !titles.has(target)) return
    const handle = anchor.kind === 'step' ? anchor.handle : 'next'
    edges.push({
      id: `${source}:${handle}`,
      type: 'addStep',
      source,
      sourceHandle: handle,
      target,
      ...(branchLabel ? { label: branchLabel } : {}),
      data: { anchor, branchLabel, sourceTitle: source === TRIGGER_NODE_ID ? 'trigger' : (titles.get(source) ?? ''), targetTitle: titles.get(target) ?? '' },
    })
  }
  addEdge(TRIGGER_NODE_ID, { kind: 'trigger' }, null)
  for (const step of graph.steps) {
    if (step.type === 'exit') continue
    const isBranch = step.type === 'branch'
    addEdge(step.id, { kind: 'step', stepId: step.id, handle: 'next' }, isBranch ? 'Yes' : null)
    if (isBranch) addEdge(step.id, { kind: 'step', stepId: step.id, handle: 'else' }, 'No')
  }
  return { nodes, edges }
}
