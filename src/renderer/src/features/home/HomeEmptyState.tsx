import { useRef, useState } from 'react'
import { routePath } from '../../app/router'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { ProgressBar } from '../../ui/ProgressBar'
import { loadDemoData, type DemoProgress } from '../demo/loadDemoData'

const DEMO_CONTACTS = 2_000

/** An empty workspace: what the dashboard will show, and the quickest ways to fill it. */
export function HomeEmptyState() {
  const { db } = useData()
  const [progress, setProgress] = useState<DemoProgress | null>(null)
  const [failure, setFailure] = useState<string | null>(null)
  const abort = useRef<AbortController | null>(null)

  const loadDemo = async () => {
    const controller = new AbortController()
    abort.current = controller
    setFailure(null)
    setProgress({ phase: 'companies', contactsInserted: 0, contactsTotal: DEMO_CONTACTS })
    try {
      // The dashboard replaces this screen by itself once contacts arrive.
      await loadDemoData(db, DEMO_CONTACTS, setProgress, controller.signal)
    } catch (error) {
      setFailure(error instanceof Error ? error.message : String(error))
    } finally {
      abort.current = null
      setProgress(null)
    }
  }

  return (
    <EmptyState
      title="Welcome to Outpost"
      action={
        progress ? null : (
          <>
            <Button variant="primary" onClick={() => void loadDemo()}>
              Load demo data
            </Button>
            <a href={routePath({ name: 'import' })} className="inline-flex h-8 items-center rounded-md border border-slate-300 bg-white px-3 text-sm font-medium text-slate-800 hover:bg-slate-50">
              Import contacts
            </a>
          </>
        )
      }
    >
      <p>New contacts, your lifecycle funnel, the deals pipeline and forecast, campaign engagement and the tasks due today show up here once there is something to count.</p>
      <p className="mt-2">
        Try it with a realistic demo workspace ({DEMO_CONTACTS.toLocaleString()} contacts with deals and tasks), or bring your own contacts from a CSV file.
      </p>
      {progress ? (
        <div className="mt-4 flex flex-col gap-2 text-left">
          <ProgressBar label="Demo contacts" value={progress.contactsInserted} max={progress.contactsTotal} />
          <div>
            <Button size="sm" onClick={() => abort.current?.abort()}>
              Cancel
            </Button>
          </div>
        </div>
      ) : null}
      {failure ? (
        <p role="alert" className="mt-3 text-sm text-red-600">
          Could not load the demo data: {failure}
        </p>
      ) : null}
    </EmptyState>
  )
}
