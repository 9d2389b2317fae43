import { parseRoute, routePath, type Route } from './router'

describe('router', () => {
  it('round-trips every route through its path', () => {
    const routes: Route[] = [
      { name: 'contacts' },
      { name: 'contact', id: '01JABCDEFGHJKMNPQRSTVWXYZ0' },
      { name: 'companies' },
      { name: 'company', id: 'a/b c' },
      { name: 'settings' },
      { name: 'settings', section: 'privacy' },
      { name: 'import' },
      { name: 'home' },
      { name: 'deals' },
      { name: 'deals', view: 'forecast' },
      { name: 'deal', id: '01JABCDEFGHJKMNPQRSTVWXYZ0' },
      { name: 'tasks' },
      { name: 'inbox' },
      { name: 'feed' },
      { name: 'settings', section: 'scoring' },
    ]
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route)
  })

  it('falls back to the home dashboard for an unknown or empty path', () => {
    expect(parseRoute('#/nowhere')).toEqual({ name: 'home' })
    expect(parseRoute('')).toEqual({ name: 'home' })
  })
})
