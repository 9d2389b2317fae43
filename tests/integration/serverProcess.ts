import { spawn, type ChildProcess } from 'node:child_process'
import { createServer } from 'node:net'
import { resolve } from 'node:path'

// Real sync-server processes (`node --import tsx sync-server/src/index.ts`, exactly what
// `npm run sync-server` runs) for multi-process tests: scale-out, kill -9, restarts.

const serverDir = resolve(import.meta.dirname, '../../sync-server')

export interface ServerProcess {
  url: string
  port: number
  child: ChildProcess
  /** Resolves with the exit code (or signal) when the process ends. */
  exited: Promise<number | string>
  output(): string
  stop(signal?: NodeJS.Signals): Promise<number | string>
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))))
    })
  })
}

export async function startServerProcess(options: { databaseUrl: string; port?: number; env?: Record<string, string> }): Promise<ServerProcess> {
  const port = options.port ?? (await freePort())
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/index.ts'], {
    cwd: serverDir,
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      OUTPOST_DATABASE_URL: options.databaseUrl,
      OUTPOST_SECRET: 'integration-test-secret-0123456789abcdef',
      OUTPOST_AUTH_RATE_LIMIT: '100000',
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout?.on('data', (chunk) => (output += String(chunk)))
  child.stderr?.on('data', (chunk) => (output += String(chunk)))
  const exited = new Promise<number | string>((resolveExit) => child.once('exit', (code, signal) => resolveExit(code ?? signal ?? 'unknown')))
  const url = `http://127.0.0.1:${port}`
  await waitForHealth(url, exited, () => output)
  return {
    url,
    port,
    child,
    exited,
    output: () => output,
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      return exited
    },
  }
}

async function waitForHealth(url: string, exited: Promise<number | string>, output: () => string): Promise<void> {
  let gone = false
  void exited.then(() => (gone = true))
  const deadline = Date.now() + 30_000
  while (Date.now() < deadline) {
    if (gone) throw new Error(`sync server exited during start:\n${output()}`)
    try {
      if ((await fetch(`${url}/healthz`)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((resolveWait) => setTimeout(resolveWait, 100))
  }
  throw new Error(`sync server did not become healthy:\n${output()}`)
}
