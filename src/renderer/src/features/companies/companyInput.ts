import { z } from 'zod'
import { err, ok, type Result } from '@core/result'
import { COMPANY_LIMITS, type Company } from '@core/schema'

// Pure (no React, no storage): could move to src/core/companies once the server validates companies too.

export type CompanyInput = Pick<Company, 'name' | 'domain' | 'industry' | 'phone' | 'city' | 'country' | 'tags'> & {
  /** Absent when the user left it empty. */
  employees?: number
}

/** Raw form values: everything arrives as text. */
export interface CompanyFormValues {
  name: string
  domain: string
  industry: string
  employees: string
  phone: string
  city: string
  country: string
  tags: readonly string[]
}

export type CompanyFieldErrors = Partial<Record<keyof CompanyFormValues, string>>

export const EMPTY_COMPANY_FORM: CompanyFormValues = {
  name: '',
  domain: '',
  industry: '',
  employees: '',
  phone: '',
  city: '',
  country: '',
  tags: [],
}

const MAX_EMPLOYEES = 10_000_000
const PHONE_PATTERN = /^[0-9+()\-.\s/x]*$/
// One or more dot-separated labels (letters, digits, inner hyphens) ending in an alphabetic TLD.
const HOSTNAME_PATTERN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/

const tooLong = (label: string, max: number) => `${label} must be at most ${max} characters`

/** People paste URLs ("https://www.acme.com/about"); what we store is the bare hostname. */
export function normalizeDomain(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/^[a-z][a-z0-9+.-]*:\/\//, '')
    .replace(/[/?#].*$/, '')
    .replace(/^www\./, '')
    .replace(/\.$/, '')
}

const companyFormSchema = z.object({
  name: z.string().trim().min(1, 'Enter the company name').max(COMPANY_LIMITS.name, tooLong('Name', COMPANY_LIMITS.name)),
  domain: z
    .string()
    .transform(normalizeDomain)
    .refine((value) => value === '' || HOSTNAME_PATTERN.test(value), 'Enter a domain like acme.com'),
  industry: z.string().trim().max(COMPANY_LIMITS.industry, tooLong('Industry', COMPANY_LIMITS.industry)),
  employees: z
    .string()
    .trim()
    .transform((value) => value.replace(/[,\s_]/g, ''))
    .refine((value) => value === '' || /^\d+$/.test(value), 'Employees must be a whole number, like 250')
    .refine((value) => value === '' || Number(value) <= MAX_EMPLOYEES, `Employees must be at most ${MAX_EMPLOYEES.toLocaleString('en')}`),
  phone: z
    .string()
    .trim()
    .max(COMPANY_LIMITS.phone, tooLong('Phone', COMPANY_LIMITS.phone))
    .regex(PHONE_PATTERN, 'Phone may contain digits, spaces and + ( ) - . / x'),
  city: z.string().trim().max(COMPANY_LIMITS.city, tooLong('City', COMPANY_LIMITS.city)),
  country: z.string().trim().max(COMPANY_LIMITS.country, tooLong('Country', COMPANY_LIMITS.country)),
  tags: z.array(z.string().trim().min(1).max(50, tooLong('A tag', 50))).max(50, 'At most 50 tags'),
})

/** Either every field is valid and the normalized input comes back, or each bad field gets its message. */
export function validateCompanyInput(values: CompanyFormValues): Result<CompanyInput, CompanyFieldErrors> {
  const parsed = companyFormSchema.safeParse(values)
  if (!parsed.success) {
    const errors: CompanyFieldErrors = {}
    for (const issue of parsed.error.issues) {
      const field = issue.path[0]
      if (typeof field === 'string' && field in EMPTY_COMPANY_FORM) errors[field as keyof CompanyFormValues] ??= issue.message
    }
    return err(errors)
  }
  const { employees, tags, ...rest } = parsed.data
  const input: CompanyInput = { ...rest, tags: [...new Set(tags.map((tag) => tag.toLowerCase()))] }
  if (employees !== '') input.employees = Number(employees)
  return ok(input)
}

export function companyFormValues(company: Company): CompanyFormValues {
  return {
    name: company.name,
    domain: company.domain,
    industry: company.industry,
    employees: company.employees === undefined ? '' : String(company.employees),
    phone: company.phone,
    city: company.city,
    country: company.country,
    tags: company.tags,
  }
}

/** Another company already using this name (case- and space-insensitive), to warn before a duplicate. */
export function findCompanyByName(companies: readonly Company[], name: string, exceptId?: string): Company | undefined {
  const wanted = name.trim().replace(/\s+/g, ' ').toLowerCase()
  if (!wanted) return undefined
  return companies.find((company) => company.id !== exceptId && company.name.trim().replace(/\s+/g, ' ').toLowerCase() === wanted)
}

export function companyLocation(company: Pick<Company, 'city' | 'country'>): string {
  return [company.city, company.country].filter(Boolean).join(', ')
}

export function companyInitials(name: string): string {
  const words = name.trim().split(/[^\p{L}\p{N}]+/u).filter(Boolean)
  const letters = words.length > 1 ? `${words[0]?.[0] ?? ''}${words[1]?.[0] ?? ''}` : (words[0] ?? '').slice(0, 2)
  return letters.toUpperCase() || '?'
}
