import type { ReactNode } from 'react'
import { useAppDispatch } from './store'
import { commandPaletteToggled } from './uiSlice'
import { routePath, type Route } from './router'
import { Kbd, modKey } from '../ui/Kbd'
import { StatusArea } from './StatusArea'
import { UpdateNotice } from '../features/desktop/UpdateNotice'
import { InboxUnreadBadge } from '../features/feed/FeedNotifier'

const sections: { route: Route; label: string; matches: Route['name'][] }[] = [
  { route: { name: 'home' }, label: 'Home', matches: ['home'] },
  { route: { name: 'inbox' }, label: 'Inbox', matches: ['inbox'] },
  { route: { name: 'tasks' }, label: 'My tasks', matches: ['tasks'] },
  { route: { name: 'contacts' }, label: 'Contacts', matches: ['contacts', 'contact'] },
  { route: { name: 'companies' }, label: 'Companies', matches: ['companies', 'company'] },
  { route: { name: 'deals' }, label: 'Deals', matches: ['deals', 'deal'] },
  { route: { name: 'segments' }, label: 'Segments', matches: ['segments', 'segment'] },
  { route: { name: 'templates' }, label: 'Templates', matches: ['templates', 'template'] },
  { route: { name: 'campaigns' }, label: 'Campaigns', matches: ['campaigns', 'campaign', 'campaignReport'] },
  { route: { name: 'workflows' }, label: 'Automations', matches: ['workflows', 'workflow'] },
  { route: { name: 'analytics' }, label: 'Analytics', matches: ['analytics'] },
  { route: { name: 'feed' }, label: 'Team activity', matches: ['feed'] },
  { route: { name: 'settings' }, label: 'Settings', matches: ['settings'] },
]

export function Layout({ route, children }: { route: Route; children: ReactNode }) {
  const dispatch = useAppDispatch()
  return (
    <div className="flex h-full flex-col">
      <div className="flex min-h-0 flex-1">
        <nav aria-label="Main" className="flex w-52 shrink-0 flex-col gap-0.5 overflow-y-auto border-r border-slate-200 bg-slate-50 px-3 py-4">
          <div className="mb-4 flex items-center gap-2 px-2">
            <span aria-hidden className="grid h-7 w-7 place-items-center rounded-lg bg-accent-600 text-sm font-bold text-white">
              O
            </span>
            <span className="text-base font-semibold tracking-tight">Outpost</span>
          </div>
          <button
            type="button"
            onClick={() => dispatch(commandPaletteToggled(true))}
            className="mb-3 flex items-center justify-between rounded-md border border-slate-200 bg-white px-2.5 py-1.5 text-left text-sm text-slate-500 hover:border-slate-300"
          >
            <span>Jump to…</span>
            <Kbd>{modKey} K</Kbd>
          </button>
          {sections.map((section) => {
            const active = section.matches.includes(route.name)
            return (
              <a
                key={section.label}
                href={routePath(section.route)}
                aria-current={active ? 'page' : undefined}
                className={`flex items-center rounded-md px-2.5 py-1 text-sm font-medium ${active ? 'bg-white text-accent-700 shadow-sm ring-1 ring-slate-200' : 'text-slate-700 hover:bg-slate-100'}`}
              >
                {section.label}
                {section.route.name === 'inbox' ? <InboxUnreadBadge /> : null}
              </a>
            )
          })}
          <UpdateNotice />
        </nav>
        <main className="flex min-w-0 flex-1 flex-col">{children}</main>
      </div>
      <StatusArea />
    </div>
  )
}
