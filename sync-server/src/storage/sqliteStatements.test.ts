import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { preparedStatements } from './sqliteStatements'

describe('preparedStatements', () => {
  let db: Database.Database
  beforeEach(() => {
    db = new Database(':memory:')
  })
  afterEach(() => {
    db.close()
  })

  it('prepares on first use, so statements may name tables created after it is made', () => {
    const statement = preparedStatements(db)
    db.exec('CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL)')
    statement('INSERT INTO notes (body) VALUES (?)').run('hello')
    expect(statement<{ body: string }>('SELECT body FROM notes').all()).toEqual([{ body: 'hello' }])
  })

  it('hands back the same statement for the same SQL', () => {
    const statement = preparedStatements(db)
    expect(statement('SELECT 1 AS one')).toBe(statement('SELECT 1 AS one'))
    expect(statement('SELECT 2 AS two')).not.toBe(statement('SELECT 1 AS one'))
  })

  it('runs the rewritten SQL but keeps the statement under the text it was given', () => {
    const statement = preparedStatements(db, (sql) => sql.replace(/\$\d+/g, '?'))
    const first = statement<{ sum: number }>('SELECT $1 + $2 AS sum')
    expect(first.get(2, 3)).toEqual({ sum: 5 })
    expect(statement('SELECT $1 + $2 AS sum')).toBe(first)
  })
})
