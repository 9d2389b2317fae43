import type { Database, Statement } from 'better-sqlite3'

/** Hands back the prepared statement for `sql`, typed by the row it reads. */
export type PreparedStatement = <Row = unknown>(sql: string) => Statement<unknown[], Row>

/**
 * Statements prepared on first use, because the tables exist only after migrate(), then kept by
 * their SQL text. `rewrite` turns that text into what SQLite runs (e.g. SQL shared with
 * PostgreSQL, numbered `$1…`, into plain `?`); the cache key stays the text as given.
 */
export function preparedStatements(db: Database, rewrite?: (sql: string) => string): PreparedStatement {
  const statements = new Map<string, Statement>()
  return <Row = unknown>(sql: string): Statement<unknown[], Row> => {
    let prepared = statements.get(sql)
    if (prepared === undefined) {
      prepared = db.prepare(rewrite === undefined ? sql : rewrite(sql))
      statements.set(sql, prepared)
    }
    return prepared as Statement<unknown[], Row>
  }
}
