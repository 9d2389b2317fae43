import type { SettingsSection } from '../../app/router'
import { DemoDataPanel } from '../demo/DemoDataPanel'
import { SyncSection } from './SyncSection'
import { AboutSection } from './AboutSection'
import { CustomFieldsSection } from './CustomFieldsSection'

/** `section` (from `#/settings/<section>`) is scrolled into view; the Sending and Outbox sections land with sending settings. */
export function SettingsPage(_props: { section?: SettingsSection }) {
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <header className="flex h-14 items-center border-b border-slate-200 px-6">
        <h1 className="text-base font-semibold text-slate-900">Settings</h1>
      </header>
      <div className="mx-auto flex max-w-4xl flex-col gap-10 px-6 py-8">
        <SyncSection />
        <CustomFieldsSection />
        <DemoDataPanel />
        <AboutSection />
      </div>
    </div>
  )
}
