import { requestJson, validateServerUrl, type FetchLike } from './syncHttp'

describe('server URL validation', () => {
  it.each([
    ['http://127.0.0.1:3100', 'http://127.0.0.1:3100'],
    ['  http://localhost:3100/  ', 'http://localhost:3100'],
    ['https://sync.example.com/outpost/', 'https://sync.example.com/outpost'],
  ])('accepts %s', (input, normalized) => {
    expect(validateServerUrl(input)).toEqual({ ok: true, value: normalized })
  })

  it.each([
    ['', 'Enter the address'],
    ['sync.example.com', 'full address'],
    ['ftp://sync.example.com', 'http:// or https://'],
    ['http://sync.example.com', 'Plain http:// works only'],
    ['https://user:pw@sync.example.com', 'Leave out'],
    ['https://sync.example.com/?x=1', 'Leave out'],
  ])('refuses %j', (input, message) => {
    const result = validateServerUrl(input)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error).toContain(message)
  })
})

describe('requestJson', () => {
  const credentials = { serverUrl: 'http://127.0.0.1:3100', token: 'tok', workspaceId: 'W1' }

  it('sends the bearer token and workspace, and returns the parsed answer', async () => {
    const fetch = vi.fn<FetchLike>(async () => new Response(JSON.stringify({ ok: 1 }), { status: 200 }))
    await expect(requestJson(fetch, credentials, { method: 'POST', path: '/api/x', body: { a: 1 } })).resolves.toEqual({ ok: true, value: { ok: 1 } })
    const [url, init] = fetch.mock.calls[0]!
    expect(url).toBe('http://127.0.0.1:3100/api/x')
    const headers = new Headers(init?.headers)
    expect(headers.get('Authorization')).toBe('Bearer tok')
    expect(headers.get('X-Workspace-Id')).toBe('W1')
    expect(headers.get('Content-Type')).toBe('application/json')
    expect(init?.body).toBe('{"a":1}')
  })

  it("returns the server's {error, message} as the failure", async () => {
    const fetch: FetchLike = async () => new Response(JSON.stringify({ error: 'email_taken', message: 'That email is taken.' }), { status: 409 })
    await expect(requestJson(fetch, credentials, { path: '/api/x' })).resolves.toEqual({
      ok: false,
      error: { kind: 'http', status: 409, code: 'email_taken', message: 'That email is taken.' },
    })
  })

  it('explains an unreachable server and a non-JSON error page', async () => {
    const down: FetchLike = async () => {
      throw new TypeError('Failed to fetch')
    }
    const result = await requestJson(down, credentials, { path: '/api/x' })
    expect(result).toEqual({ ok: false, error: { kind: 'network', message: expect.stringContaining('Cannot reach the sync server at http://127.0.0.1:3100') } })

    const proxy: FetchLike = async () => new Response('<html>Bad gateway</html>', { status: 502 })
    const proxied = await requestJson(proxy, credentials, { path: '/api/x' })
    expect(proxied.ok).toBe(false)
    if (!proxied.ok) expect(proxied.error).toMatchObject({ kind: 'http', status: 502, message: expect.stringContaining('(502)') })
  })

  it('treats 204 as an empty success', async () => {
    const fetch: FetchLike = async () => new Response(null, { status: 204 })
    await expect(requestJson(fetch, credentials, { method: 'DELETE', path: '/api/x' })).resolves.toEqual({ ok: true, value: null })
  })
})
