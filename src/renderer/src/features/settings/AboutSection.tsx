import { useEffect, useState, type ReactNode } from 'react'
import { useAppSelector } from '../../app/store'
import { platform, type AppInfo } from '../../platform'

export function AboutSection() {
  const [info, setInfo] = useState<AppInfo | null>(null)
  const [failed, setFailed] = useState(false)
  useEffect(() => {
    let live = true
    platform.getAppInfo().then(
      (next) => live && setInfo(next),
      () => live && setFailed(true),
    )
    return () => {
      live = false
    }
  }, [])
  const account = useAppSelector((state) => state.sync.account)
  const unknown = failed ? 'Unknown' : '…'
  return (
    <section aria-labelledby="about-heading" className="flex flex-col gap-3">
      <h2 id="about-heading" className="text-sm font-semibold text-slate-900">
        About
      </h2>
      <dl className="divide-y divide-slate-100 rounded-lg border border-slate-200 text-sm">
        <AboutRow label="App">{info?.name ?? unknown}</AboutRow>
        <AboutRow label="Version">{info?.version ?? unknown}</AboutRow>
        <AboutRow label="Platform">{info?.platform ?? unknown}</AboutRow>
        <AboutRow label="Sync">
          {account ? (
            <span className="break-all">{account.serverUrl}</span>
          ) : (
            <span className="inline-flex items-center gap-1.5">
              <span aria-hidden className="h-2 w-2 rounded-full bg-slate-400" />
              Local only — everything is saved on this device.
            </span>
          )}
        </AboutRow>
      </dl>
    </section>
  )
}

function AboutRow({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="grid grid-cols-[8rem_minmax(0,1fr)] gap-2 px-4 py-2">
      <dt className="text-slate-500">{label}</dt>
      <dd className="text-slate-900">{children}</dd>
    </div>
  )
}
