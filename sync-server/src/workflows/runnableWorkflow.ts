import type { Workflow, WorkflowGraph, WorkflowSettings, WorkflowTrigger } from '@core/schema'
import { newId } from '@core/ids'
import type { EnrolmentRecord, WorkflowStore, WorkflowVersionRecord } from '../storage/workflowStore'

// A workflow document as the engine runs it: the published copy (never the working copy), and
// each published version stored once (saveVersion) so contacts enrolled on it finish on it.

export interface RunnableWorkflow {
  workspaceId: string
  id: string
  name: string
  kind: 'workflow' | 'drip'
  status: 'active' | 'paused'
  /** Null for a workflow that was never activated (nothing to run). */
  published: { version: number; graph: WorkflowGraph; settings: WorkflowSettings; publishedAt: number } | null
}

/** The parsed document, or null when it is not one the engine runs (draft, archived, deleted). */
export function runnableWorkflow(workspaceId: string, doc: Record<string, unknown>): RunnableWorkflow | null {
  const workflow = doc as unknown as Workflow & { _deleted?: boolean }
  if (workflow._deleted === true || (workflow.status !== 'active' && workflow.status !== 'paused')) return null
  const published = workflow.published
  return {
    workspaceId,
    id: workflow.id,
    name: workflow.name,
    kind: workflow.kind,
    status: workflow.status,
    published:
      published === undefined ? null : { version: published.version, graph: published.graph, settings: published.settings, publishedAt: published.publishedAt },
  }
}

export function versionRecord(workflow: RunnableWorkflow, now: number): WorkflowVersionRecord | null {
  if (workflow.published === null) return null
  return {
    workspaceId: workflow.workspaceId,
    workflowId: workflow.id,
    version: workflow.published.version,
    kind: workflow.kind,
    graphJson: JSON.stringify(workflow.published.graph),
    settingsJson: JSON.stringify(workflow.published.settings),
    createdAt: now,
  }
}

export interface ParsedVersion {
  kind: 'workflow' | 'drip'
  graph: WorkflowGraph
  settings: WorkflowSettings
}

/** Stored versions never change, so each is read and parsed once per process. */
export class VersionCache {
  readonly #versions = new Map<string, Promise<ParsedVersion | null>>()
  readonly #saved = new Set<string>()

  constructor(private readonly store: Pick<WorkflowStore, 'getVersion' | 'saveVersion'>) {}

  get(workspaceId: string, workflowId: string, version: number): Promise<ParsedVersion | null> {
    const key = `${workspaceId}:${workflowId}:${version}`
    let found = this.#versions.get(key)
    if (found === undefined) {
      found = this.store.getVersion(workspaceId, workflowId, version).then((record) =>
        record === null ? null : { kind: record.kind, graph: JSON.parse(record.graphJson) as WorkflowGraph, settings: JSON.parse(record.settingsJson) as WorkflowSettings },
      )
      // A missing version may be saved later: only found ones stay cached.
      void found.then(
        (value) => value === null && this.#versions.delete(key),
        () => this.#versions.delete(key),
      )
      this.#versions.set(key, found)
    }
    return found
  }

  /** Stores the workflow's published version unless this process already did. */
  async ensureSaved(workflow: RunnableWorkflow, now: number): Promise<void> {
    const record = versionRecord(workflow, now)
    if (record === null) return
    const key = `${record.workspaceId}:${record.workflowId}:${record.version}`
    if (this.#saved.has(key)) return
    await this.store.saveVersion(record)
    this.#saved.add(key)
  }
}

/** A new enrolment at the published version's first step; null when the workflow has no steps. */
export function newEnrolment(workflow: RunnableWorkflow, contactId: string, triggerKey: string, now: number): EnrolmentRecord | null {
  if (workflow.published === null || workflow.published.graph.entryStepId === '') return null
  return {
    id: newId(now),
    workspaceId: workflow.workspaceId,
    workflowId: workflow.id,
    version: workflow.published.version,
    contactId,
    status: 'active',
    stepId: workflow.published.graph.entryStepId,
    visit: 0,
    dueAt: now,
    waitUntil: null,
    triggerKey,
    enrolledAt: now,
    updatedAt: now,
    endedAt: null,
    exitReason: '',
  }
}

export function triggerOf(workflow: RunnableWorkflow): WorkflowTrigger | null {
  return workflow.published?.graph.trigger ?? null
}
