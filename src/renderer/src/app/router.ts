import { useSyncExternalStore } from 'react'

// Hash routes work the same from file:// (packaged Electron) and from a web server.
export type Route =
  | { name: 'home' }
  | { name: 'contacts' }
  | { name: 'contact'; id: string }
  | { name: 'companies' }
  | { name: 'company'; id: string }
  | { name: 'segments' }
  | { name: 'segment'; id: string }
  | { name: 'templates' }
  | { name: 'template'; id: string }
  | { name: 'campaigns' }
  | { name: 'campaign'; id: string }
  | { name: 'campaignReport'; id: string }
  | { name: 'workflows' }
  | { name: 'workflow'; id: string }
  | { name: 'analytics' }
  | { name: 'deals'; view?: DealsView }
  | { name: 'deal'; id: string }
  | { name: 'tasks' }
  | { name: 'inbox' }
  | { name: 'feed' }
  | { name: 'import' }
  | { name: 'settings'; section?: SettingsSection }

/** Settings pages that can be linked to (`#/settings/<section>`). */
export const SETTINGS_SECTIONS = ['sync', 'sending', 'outbox', 'privacy', 'pipelines', 'scoring', 'lifecycle', 'webhooks'] as const
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number]

/** How the deals screen shows them (`#/deals/<view>`); the board when absent. */
export const DEALS_VIEWS = ['board', 'table', 'forecast'] as const
export type DealsView = (typeof DEALS_VIEWS)[number]

/** Screens without an id. */
const PLAIN_ROUTES = ['home', 'analytics', 'import', 'tasks', 'inbox', 'feed'] as const

const DETAIL_ROUTES = { contacts: 'contact', companies: 'company', segments: 'segment', templates: 'template', campaigns: 'campaign', workflows: 'workflow' } as const

export function parseRoute(hash: string): Route {
  const [section, id, sub] = hash.replace(/^#\/?/, '').split('/')
  if (section === 'campaigns' && id && sub === 'report') return { name: 'campaignReport', id: decodeURIComponent(id) }
  if (section !== undefined && Object.hasOwn(DETAIL_ROUTES, section)) {
    const detail = DETAIL_ROUTES[section as keyof typeof DETAIL_ROUTES]
    if (id) return { name: detail, id: decodeURIComponent(id) }
    return { name: section as keyof typeof DETAIL_ROUTES }
  }
  if (section === 'deals') {
    const view = DEALS_VIEWS.find((candidate) => candidate === id)
    if (view) return { name: 'deals', view }
    if (id) return { name: 'deal', id: decodeURIComponent(id) }
    return { name: 'deals' }
  }
  const plain = PLAIN_ROUTES.find((candidate) => candidate === section)
  if (plain) return { name: plain }
  if (section === 'settings') {
    const settingsSection = SETTINGS_SECTIONS.find((candidate) => candidate === id)
    return settingsSection ? { name: 'settings', section: settingsSection } : { name: 'settings' }
  }
  // The landing screen, and where an unknown path ends up.
  return { name: 'home' }
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.id)}`
    case 'company':
      return `#/companies/${encodeURIComponent(route.id)}`
    case 'segment':
      return `#/segments/${encodeURIComponent(route.id)}`
    case 'template':
      return `#/templates/${encodeURIComponent(route.id)}`
    case 'campaign':
      return `#/campaigns/${encodeURIComponent(route.id)}`
    case 'workflow':
      return `#/workflows/${encodeURIComponent(route.id)}`
    case 'campaignReport':
      return `#/campaigns/${encodeURIComponent(route.id)}/report`
    case 'deals':
      return route.view ? `#/deals/${route.view}` : '#/deals'
    case 'deal':
      return `#/deals/${encodeURIComponent(route.id)}`
    case 'settings':
      return route.section ? `#/settings/${route.section}` : '#/settings'
    default:
      return `#/${route.name}`
  }
}

export function navigate(route: Route): void {
  const path = routePath(route)
  if (window.location.hash !== path) window.location.hash = path
}

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener)
  return () => window.removeEventListener('hashchange', listener)
}

export function useRoute(): Route {
  const hash = useSyncExternalStore(subscribe, () => window.location.hash)
  return parseRoute(hash)
}
