import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { contentSecurityPolicy, contentSecurityPolicyDirectives, headerOnlyDirectives } from './content-security-policy'

function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(';')
      .map((part) => part.trim().split(/\s+/))
      .filter((tokens) => tokens[0])
      .map(([name, ...sources]) => [name ?? '', sources]),
  )
}

describe('content security policy', () => {
  it('only runs the app\'s own scripts: no inline, no eval, no plugins', () => {
    expect(contentSecurityPolicyDirectives['script-src']).toEqual(["'self'"])
    expect(contentSecurityPolicy).not.toContain('unsafe-eval')
    expect(contentSecurityPolicy).toContain("object-src 'none'")
    expect(contentSecurityPolicy).toContain("base-uri 'none'")
    expect(contentSecurityPolicy).toContain("frame-ancestors 'none'")
    expect(contentSecurityPolicy).toContain("default-src 'self'")
  })

  it('lets the renderer reach an https sync server anywhere and plain http only on loopback', () => {
    const connect = contentSecurityPolicyDirectives['connect-src']
    expect(connect).toContain('https:')
    expect(connect).not.toContain('http:')
    expect(connect).not.toContain('*')
  })

  it('matches the meta policy in src/renderer/index.html, apart from header-only directives', () => {
    const html = readFileSync(resolve(__dirname, '../renderer/index.html'), 'utf8')
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)
    expect(meta?.[1]).toBeDefined()
    const header = directives(contentSecurityPolicy)
    for (const name of headerOnlyDirectives) header.delete(name)
    expect(directives(meta?.[1] ?? '')).toEqual(header)
  })
})
