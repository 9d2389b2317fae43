import { electronVersionFromRange } from '../../scripts/electronVersion'

describe('electronVersionFromRange', () => {
  it('reads the version out of a semver range', () => {
    expect(electronVersionFromRange('^45.4.1')).toBe('45.4.1')
    expect(electronVersionFromRange('~45.0.0-beta.2')).toBe('45.0.0')
  })

  it('refuses a range without a version instead of guessing', () => {
    expect(() => electronVersionFromRange(undefined)).toThrow(/Electron version/)
    expect(() => electronVersionFromRange('latest')).toThrow(/Electron version/)
  })
})
