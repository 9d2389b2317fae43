import { useEffect, useRef, useState } from 'react'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { ProgressBar } from '../../ui/ProgressBar'
import { useAuditRecorder } from '../privacy/auditRecorder'
import { buildWorkspaceJson } from './buildWorkspaceJson'
import { ExportCancelled } from './chunkedWork'
import { fileDate, fileSlug, saveFile } from './saveFile'

type State = { status: 'idle' } | { status: 'running'; done: number; total: number } | { status: 'failed'; message: string }

/** Export the whole workspace as one JSON file, with progress and Cancel. */
export function WorkspaceExportPanel() {
  const data = useData()
  const dispatch = useAppDispatch()
  const account = useAppSelector((state) => state.sync.account)
  const recorder = useAuditRecorder(data)
  const [state, setState] = useState<State>({ status: 'idle' })
  const controller = useRef<AbortController | null>(null)
  useEffect(() => () => controller.current?.abort(), [])
  const workspaceName = account?.workspaces.find((workspace) => workspace.id === account.workspaceId)?.name ?? null

  const run = async () => {
    const abort = new AbortController()
    controller.current = abort
    setState({ status: 'running', done: 0, total: 0 })
    try {
      const exportedAt = Date.now()
      const result = await buildWorkspaceJson(
        data.db,
        { exportedAt, workspaceId: account?.workspaceId ?? null, workspaceName },
        { signal: abort.signal, onProgress: (done, total) => setState({ status: 'running', done, total }) },
      )
      const fileName = `outpost-workspace-${fileSlug(workspaceName ?? 'local')}-${fileDate(exportedAt)}.json`
      saveFile(fileName, result.parts, 'application/json')
      recorder.record({ kind: 'workspace-export', subject: 'whole workspace (JSON)', rowCount: result.documents })
      setState({ status: 'idle' })
      dispatch(toastShown({ message: `Exported ${result.documents.toLocaleString()} documents to ${fileName}` }))
    } catch (error) {
      setState(error instanceof ExportCancelled ? { status: 'idle' } : { status: 'failed', message: error instanceof Error ? error.message : String(error) })
    } finally {
      if (controller.current === abort) controller.current = null
    }
  }

  return (
    <div className="flex flex-col gap-2 rounded-lg border border-slate-200 p-4">
      <div className="flex items-start justify-between gap-4">
        <div>
          <h3 className="text-sm font-medium text-slate-900">Export the workspace</h3>
          <p className="mt-0.5 text-sm text-slate-600">
            One JSON file with every contact, company, activity, segment, template, campaign, custom field and the recent engagement events on this
            device. No passwords or session tokens are in it: they are never stored on devices.
          </p>
        </div>
        {state.status === 'running' ? (
          <Button onClick={() => controller.current?.abort()}>Cancel</Button>
        ) : (
          <Button onClick={() => void run()}>Export JSON</Button>
        )}
      </div>
      {state.status === 'running' ? <ProgressBar value={state.done} max={state.total} label="Exporting documents" /> : null}
      {state.status === 'failed' ? (
        <p role="alert" className="text-sm text-red-600">
          The export failed: {state.message}
        </p>
      ) : null}
    </div>
  )
}
