import { useSyncExternalStore } from 'react'

// Hash routes work the same from file:// (packaged Electron) and from a web server.
export type Route =
  | { name: 'contacts' }
  | { name: 'contact'; id: string }
  | { name: 'companies' }
  | { name: 'company'; id: string }
  | { name: 'settings' }

export function parseRoute(hash: string): Route {
  const [section, id] = hash.replace(/^#\/?/, '').split('/')
  if (section === 'contacts' && id) return { name: 'contact', id: decodeURIComponent(id) }
  if (section === 'companies' && id) return { name: 'company', id: decodeURIComponent(id) }
  if (section === 'companies') return { name: 'companies' }
  if (section === 'settings') return { name: 'settings' }
  return { name: 'contacts' }
}

export function routePath(route: Route): string {
  switch (route.name) {
    case 'contact':
      return `#/contacts/${encodeURIComponent(route.id)}`
    case 'company':
      return `#/companies/${encodeURIComponent(route.id)}`
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
