import { contactDoc } from '../testing/docs'
import { checkDocument } from './documentValidation'

describe('checkDocument', () => {
  it('accepts a valid contact, drops storage meta and keeps _deleted', () => {
    const doc = { ...contactDoc(), _rev: '3-abc', _meta: { lwt: 1 }, _attachments: {} }
    const result = checkDocument('contacts', doc)
    expect(result.ok).toBe(true)
    if (!result.ok) return
    expect(result.doc).not.toHaveProperty('_rev')
    expect(result.doc).not.toHaveProperty('_meta')
    expect(result.doc._deleted).toBe(false)
  })

  it.each([
    ['a non-object', 42, 'must be an object'],
    ['a missing required field', (() => { const { email: _e, ...rest } = contactDoc(); return rest })(), "must have required property 'email'"],
    ['an unknown field', { ...contactDoc(), favouriteColour: 'teal' }, 'must NOT have additional properties'],
    ['a string too long', { ...contactDoc(), firstName: 'x'.repeat(101) }, '/firstName'],
    ['a non-boolean _deleted', { ...contactDoc(), _deleted: 'yes' }, '_deleted must be a boolean'],
    ['a null _deleted', { ...contactDoc(), _deleted: null }, '_deleted must be a boolean'],
    ['a malformed stamp', { ...contactDoc(), _clock: { firstName: 'yesterday' } }, 'not a valid HLC stamp'],
    ['a stamp for an unknown field', { ...contactDoc(), _clock: { nope: '000000000000001-00000-a' } }, 'unknown field nope'],
  ])('rejects %s', (_name, doc, reason) => {
    const result = checkDocument('contacts', doc)
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.reason).toContain(reason)
  })

  it('validates each collection against its own schema', () => {
    expect(checkDocument('companies', contactDoc()).ok).toBe(false)
  })
})
