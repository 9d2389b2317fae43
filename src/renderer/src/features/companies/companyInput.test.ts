import { EMPTY_COMPANY_FORM, normalizeDomain, validateCompanyInput } from './companyInput'

describe('validateCompanyInput', () => {
  it('normalizes pasted URLs to a lowercase hostname', () => {
    expect(normalizeDomain(' HTTPS://www.Example.co.uk/path?q=1 ')).toBe('example.co.uk')
    const result = validateCompanyInput({ ...EMPTY_COMPANY_FORM, name: ' Acme ', domain: 'Sub.Acme.IO' })
    expect(result).toEqual({ ok: true, value: expect.objectContaining({ name: 'Acme', domain: 'sub.acme.io' }) })
  })

  it('refuses hosts that are not domains and leaves employees out when empty', () => {
    for (const domain of ['acme', 'acme..com', '-acme.com', 'acme.c', 'a b.com', 'acme.com:8080']) {
      const result = validateCompanyInput({ ...EMPTY_COMPANY_FORM, name: 'Acme', domain })
      expect(result.ok ? 'accepted' : result.error.domain, domain).toBe('Enter a domain like acme.com')
    }
    const result = validateCompanyInput({ ...EMPTY_COMPANY_FORM, name: 'Acme' })
    expect(result.ok && 'employees' in result.value).toBe(false)
  })
})
