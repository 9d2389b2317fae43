import type { Company } from '@core/schema'
import type { Route } from '../../app/router'
import type { MenuCommand } from '../../platform/platform'
import { EMPTY_CONTACT_QUERY, type ContactIndex } from '../../data/contactIndex'

export type PaletteItem =
  | { kind: 'route'; group: 'Screens' | 'Contacts' | 'Companies'; id: string; label: string; detail?: string; route: Route }
  | { kind: 'command'; group: 'Actions'; id: string; label: string; detail?: string; command: MenuCommand }

const screens: PaletteItem[] = [
  { kind: 'route', group: 'Screens', id: 'screen-home', label: 'Home', detail: 'Dashboard: contacts, funnel, pipeline, tasks', route: { name: 'home' } },
  { kind: 'route', group: 'Screens', id: 'screen-inbox', label: 'Inbox', detail: 'Mentions, assignments, followed records', route: { name: 'inbox' } },
  { kind: 'route', group: 'Screens', id: 'screen-tasks', label: 'My tasks', detail: 'Overdue, today, upcoming', route: { name: 'tasks' } },
  { kind: 'route', group: 'Screens', id: 'screen-deals', label: 'Deals', detail: 'Pipeline board', route: { name: 'deals' } },
  { kind: 'route', group: 'Screens', id: 'screen-deals-table', label: 'Deals table', route: { name: 'deals', view: 'table' } },
  { kind: 'route', group: 'Screens', id: 'screen-forecast', label: 'Forecast', detail: 'Weighted pipeline, win rate', route: { name: 'deals', view: 'forecast' } },
  { kind: 'route', group: 'Screens', id: 'screen-feed', label: 'Team activity', detail: 'Who changed what', route: { name: 'feed' } },
  { kind: 'route', group: 'Screens', id: 'screen-contacts', label: 'Contacts', route: { name: 'contacts' } },
  { kind: 'route', group: 'Screens', id: 'screen-companies', label: 'Companies', route: { name: 'companies' } },
  { kind: 'route', group: 'Screens', id: 'screen-import', label: 'Import contacts', detail: 'From a CSV file', route: { name: 'import' } },
  { kind: 'route', group: 'Screens', id: 'screen-segments', label: 'Segments', detail: 'Audiences by rules, static lists', route: { name: 'segments' } },
  { kind: 'route', group: 'Screens', id: 'screen-templates', label: 'Templates', detail: 'Email content, merge tags, preview', route: { name: 'templates' } },
  { kind: 'route', group: 'Screens', id: 'screen-campaigns', label: 'Campaigns', detail: 'New campaign, schedule, pause', route: { name: 'campaigns' } },
  { kind: 'route', group: 'Screens', id: 'screen-workflows', label: 'Automations', detail: 'Go to Automations: workflows and drips', route: { name: 'workflows' } },
  { kind: 'route', group: 'Screens', id: 'screen-new-workflow', label: 'New workflow', detail: 'Automation with a trigger and steps', route: { name: 'workflow', id: 'new' } },
  { kind: 'route', group: 'Screens', id: 'screen-analytics', label: 'Analytics', detail: 'Campaign results across a date range', route: { name: 'analytics' } },
  { kind: 'route', group: 'Screens', id: 'screen-settings', label: 'Settings', detail: 'Custom fields, demo data', route: { name: 'settings' } },
  { kind: 'route', group: 'Screens', id: 'screen-scoring', label: 'Lead scoring', detail: 'Rules, decay, MQL/SQL thresholds', route: { name: 'settings', section: 'scoring' } },
  { kind: 'route', group: 'Screens', id: 'screen-pipelines', label: 'Pipelines', detail: 'Deal stages and win probability', route: { name: 'settings', section: 'pipelines' } },
  { kind: 'route', group: 'Screens', id: 'screen-lifecycle', label: 'Lifecycle stages', detail: 'Stage names and automatic moves', route: { name: 'settings', section: 'lifecycle' } },
]

const actions: PaletteItem[] = [
  { kind: 'command', group: 'Actions', id: 'action-new-contact', label: 'New contact', command: 'new-contact' },
  { kind: 'command', group: 'Actions', id: 'action-new-company', label: 'New company', command: 'new-company' },
  { kind: 'command', group: 'Actions', id: 'action-new-task', label: 'New task', detail: 'With a due time and a reminder', command: 'new-task' },
  { kind: 'command', group: 'Actions', id: 'action-search', label: 'Search contacts', command: 'search' },
  { kind: 'command', group: 'Actions', id: 'action-sync-now', label: 'Sync now', detail: 'Send and fetch changes', command: 'sync-now' },
]

const MAX_CONTACTS = 8
const MAX_COMPANIES = 5

/** What the palette offers for `text`: screens and actions first, then matching records. */
export function paletteItems(text: string, contacts: ContactIndex, companies: readonly Company[]): PaletteItem[] {
  const needle = text.trim().toLowerCase()
  const matches = (label: string) => needle === '' || label.toLowerCase().includes(needle)
  const items: PaletteItem[] = [...screens.filter((item) => matches(item.label)), ...actions.filter((item) => matches(item.label))]
  if (needle === '') return items
  const contactIds = contacts.query({ ...EMPTY_CONTACT_QUERY, text: needle }).slice(0, MAX_CONTACTS)
  for (const id of contactIds) {
    const contact = contacts.get(id)
    if (!contact) continue
    const name = `${contact.firstName} ${contact.lastName}`.trim() || contact.email
    const company = contacts.companyName(contact.companyId)
    items.push({
      kind: 'route',
      group: 'Contacts',
      id: `contact-${id}`,
      label: name,
      detail: [contact.email, company].filter(Boolean).join(' · '),
      route: { name: 'contact', id },
    })
  }
  let companyCount = 0
  for (const company of companies) {
    if (companyCount >= MAX_COMPANIES) break
    if (!company.name.toLowerCase().includes(needle) && !company.domain.includes(needle)) continue
    companyCount++
    items.push({ kind: 'route', group: 'Companies', id: `company-${company.id}`, label: company.name, detail: company.domain, route: { name: 'company', id: company.id } })
  }
  return items
}
