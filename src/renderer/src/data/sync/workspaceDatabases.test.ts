import { memoryKeyValueStore } from '../../test/renderWithProviders'
import { bindWorkspaceDatabase, databaseNameForWorkspace, databaseToOpen, rememberOpenedDatabase } from './workspaceDatabases'

describe('workspace databases', () => {
  it('lets the first workspace this device signs into adopt the local-only database', () => {
    const store = memoryKeyValueStore()
    expect(databaseToOpen(null, store)).toBe('outpost')
    expect(bindWorkspaceDatabase('01JWSA', store)).toBe('outpost')
    expect(databaseNameForWorkspace('01JWSA', store)).toBe('outpost')
  })

  it('gives every other workspace a database of its own', () => {
    const store = memoryKeyValueStore()
    bindWorkspaceDatabase('01JWSA', store)
    expect(bindWorkspaceDatabase('01JWSB', store)).toBe('outpost-01jwsb')
    expect(databaseToOpen('01JWSB', store)).toBe('outpost-01jwsb')
    // The adoption is permanent: signing into B first on a later day does not hand B the local database.
    expect(databaseToOpen('01JWSA', store)).toBe('outpost')
  })

  it('reopens the last database after signing out, so local data stays in view', () => {
    const store = memoryKeyValueStore()
    bindWorkspaceDatabase('01JWSA', store)
    rememberOpenedDatabase(databaseToOpen('01JWSB', store), store)
    expect(databaseToOpen(null, store)).toBe('outpost-01jwsb')
  })

  it('ignores a tampered "last database" entry', () => {
    const store = memoryKeyValueStore({ 'outpost.lastDatabase': 'other-app' })
    expect(databaseToOpen(null, store)).toBe('outpost')
  })
})
