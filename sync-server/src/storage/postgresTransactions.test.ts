import type pg from 'pg'
import { describe, expect, it } from 'vitest'
import { inTransaction } from './postgresTransactions'

// A recording stand-in for one pooled connection: what was sent, and how it went back to the pool.
function fakePool(options: { failOn?: string } = {}) {
  const sent: string[] = []
  const released: Array<Error | boolean | undefined> = []
  const client = {
    async query(text: string) {
      sent.push(text)
      if (text === options.failOn) throw new Error(`${text} failed`)
      return { rows: [], rowCount: 0 }
    },
    release(error?: Error | boolean) {
      released.push(error)
    },
  }
  const pool = { connect: async () => client } as unknown as pg.Pool
  return { pool, sent, released }
}

describe('inTransaction', () => {
  it('commits what the work did and returns its result', async () => {
    const { pool, sent, released } = fakePool()
    const result = await inTransaction(pool, async (client) => {
      await client.query('UPDATE things SET n = 1')
      return 42
    })
    expect(result).toBe(42)
    expect(sent).toEqual(['BEGIN', 'UPDATE things SET n = 1', 'COMMIT'])
    expect(released).toEqual([undefined])
  })

  it('rolls back and rethrows when the work throws, returning the connection to the pool', async () => {
    const { pool, sent, released } = fakePool()
    const failure = new Error('work failed')
    await expect(
      inTransaction(pool, async () => {
        throw failure
      }),
    ).rejects.toBe(failure)
    expect(sent).toEqual(['BEGIN', 'ROLLBACK'])
    expect(released).toEqual([undefined])
  })

  it('discards a connection that could not roll back, and still reports the original failure', async () => {
    const { pool, sent, released } = fakePool({ failOn: 'ROLLBACK' })
    await expect(
      inTransaction(pool, async () => {
        throw new Error('work failed')
      }),
    ).rejects.toThrow('work failed')
    expect(sent).toEqual(['BEGIN', 'ROLLBACK'])
    expect(released).toHaveLength(1)
    expect(released[0]).toBeInstanceOf(Error)
    expect(String(released[0])).toContain('ROLLBACK failed')
  })

  it('rolls back when COMMIT itself fails', async () => {
    const { pool, sent, released } = fakePool({ failOn: 'COMMIT' })
    await expect(inTransaction(pool, async () => 1)).rejects.toThrow('COMMIT failed')
    expect(sent).toEqual(['BEGIN', 'COMMIT', 'ROLLBACK'])
    expect(released).toEqual([undefined])
  })
})
