import { useEffect } from 'react'
import type { SettingsSection } from '../../app/router'
import { DemoDataPanel } from '../demo/DemoDataPanel'
import { PrivacySection } from '../privacy/PrivacySection'
import { SyncSection } from './SyncSection'
import { AboutSection } from './AboutSection'
import { CustomFieldsSection } from './CustomFieldsSection'
import { PipelinesSection } from '../deals/PipelinesSection'
import { ScoringSection } from '../scoring/ScoringSection'
import { LifecycleSection } from '../scoring/LifecycleSection'
import { OutboxSection } from './OutboxSection'
import { SendingSection } from './SendingSection'
import { WebhooksSection } from '../webhooks/WebhooksSection'

/** `section` (from `#/settings/<section>`) is scrolled into view; each linkable section's id is its name. */
export function SettingsPage({ section }: { section?: SettingsSection }) {
  useEffect(() => {
    if (!section) return
    const target = document.getElementById(section)
    // jsdom has no scrollIntoView.
    if (typeof target?.scrollIntoView === 'function') target.scrollIntoView({ block: 'start' })
  }, [section])
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <header className="flex h-14 items-center border-b border-slate-200 px-6">
        <h1 className="text-base font-semibold text-slate-900">Settings</h1>
      </header>
      <div className="mx-auto flex max-w-4xl flex-col gap-10 px-6 py-8">
        <div id="sync" className="scroll-mt-4">
          <SyncSection />
        </div>
        <SendingSection />
        <OutboxSection />
        <div id="privacy" className="scroll-mt-4">
          <PrivacySection />
        </div>
        <CustomFieldsSection />
        <div id="pipelines" className="scroll-mt-4">
          <PipelinesSection />
        </div>
        <div id="lifecycle" className="scroll-mt-4">
          <LifecycleSection />
        </div>
        <div id="scoring" className="scroll-mt-4">
          <ScoringSection />
        </div>
        <div id="webhooks" className="scroll-mt-4">
          <WebhooksSection />
        </div>
        <DemoDataPanel />
        <AboutSection />
      </div>
    </div>
  )
}
