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
    ]
    for (const route of routes) expect(parseRoute(routePath(route))).toEqual(route)
  })

  it('falls back to contacts for an unknown path', () => {
    expect(parseRoute('#/nowhere')).toEqual({ name: 'contacts' })
    expect(parseRoute('')).toEqual({ name: 'contacts' })
  })
})
