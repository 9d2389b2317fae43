import { useVirtualizer } from '@tanstack/react-virtual'
import { useDeferredValue, useMemo, useRef, useState } from 'react'
import type { Company } from '@core/schema'
import { navigate, routePath } from '../../app/router'
import { useAppDispatch } from '../../app/store'
import { companyDialogSet } from '../../app/uiSlice'
import { useData } from '../../data/dataContext'
import { useCompanies, useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { ListPageHeader } from '../../ui/ListPageHeader'
import { CompanyAvatar } from './CompanyAvatar'
import { companyLocation } from './companyInput'

const ROW_HEIGHT = 48
const collator = new Intl.Collator(undefined, { sensitivity: 'base', numeric: true })
const COLUMNS = 'grid grid-cols-[minmax(0,2.4fr)_minmax(0,1.4fr)_minmax(0,1.4fr)_6rem] gap-4'

export function CompaniesPage() {
  const dispatch = useAppDispatch()
  const companies = useCompanies()
  const [search, setSearch] = useState('')
  // Typing stays responsive while thousands of rows are filtered behind it.
  const deferredSearch = useDeferredValue(search)
  // RxDB sorts by code point ("acme" after "Zeta"); people expect alphabetical order.
  const sorted = useMemo(() => (companies ? [...companies].sort((a, b) => collator.compare(a.name, b.name)) : []), [companies])
  const filtered = useMemo(() => filterCompanies(sorted, deferredSearch), [sorted, deferredSearch])
  const newCompany = () => dispatch(companyDialogSet({ mode: 'create' }))

  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <ListPageHeader
        title="Companies"
        count={companies?.length}
        search={{ label: 'Search companies', placeholder: 'Search name, domain, industry, place…', value: search, onChange: setSearch, widthClass: 'w-72' }}
      >
        <Button variant="primary" onClick={newCompany}>
          New company
        </Button>
      </ListPageHeader>
      {companies === undefined ? (
        <p className="px-6 py-4 text-sm text-slate-500">Loading companies…</p>
      ) : companies.length === 0 ? (
        <EmptyState
          title="No companies yet"
          action={
            <>
              <Button variant="primary" onClick={newCompany}>
                New company
              </Button>
              <Button onClick={() => navigate({ name: 'settings' })}>Load demo data</Button>
            </>
          }
        >
          Companies group the people you work with. Add one, or load the demo workspace from Settings to look around.
        </EmptyState>
      ) : filtered.length === 0 ? (
        <EmptyState title={`No companies match “${deferredSearch.trim()}”`} action={<Button onClick={() => setSearch('')}>Clear search</Button>}>
          Search looks at the name, domain, industry, city and country.
        </EmptyState>
      ) : (
        <CompanyTable companies={filtered} />
      )}
    </div>
  )
}

function CompanyTable({ companies }: { companies: readonly Company[] }) {
  const { contacts } = useData()
  useContactIndexVersion(contacts)
  // Memoized inside the index until its rows change.
  const counts = contacts.contactCountsByCompany()
  const scrollRef = useRef<HTMLDivElement>(null)
  // eslint-disable-next-line react-hooks/incompatible-library -- the virtualizer is meant to be used this way
  const virtualizer = useVirtualizer({
    count: companies.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  })
  return (
    <div className="flex min-h-0 flex-1 flex-col">
      <div
        aria-hidden
        className={`${COLUMNS} shrink-0 border-b border-slate-200 bg-slate-50 px-6 py-2 text-[11px] font-semibold tracking-wide text-slate-500 uppercase`}
      >
        <span>Company</span>
        <span>Industry</span>
        <span>Location</span>
        <span className="text-right">Contacts</span>
      </div>
      <div ref={scrollRef} className="min-h-0 flex-1 overflow-y-auto">
        <ul aria-label="Companies" className="relative" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => {
            const company = companies[item.index]
            if (!company) return null
            const count = counts.get(company.id) ?? 0
            return (
              <li key={company.id} className="absolute inset-x-0 top-0" style={{ height: item.size, transform: `translateY(${item.start}px)` }}>
                <a
                  href={routePath({ name: 'company', id: company.id })}
                  className={`${COLUMNS} h-full items-center border-b border-slate-100 px-6 text-sm hover:bg-slate-50 focus-visible:bg-accent-50 focus-visible:outline-none`}
                >
                  <span className="flex min-w-0 items-center gap-2.5">
                    <CompanyAvatar name={company.name} size="sm" />
                    <span className="min-w-0">
                      <span className="block truncate font-medium text-slate-900">{company.name}</span>
                      {company.domain ? <span className="block truncate text-xs text-slate-500">{company.domain}</span> : null}
                    </span>
                  </span>
                  <span className="truncate text-slate-700">{company.industry || <span className="text-slate-400">—</span>}</span>
                  <span className="truncate text-slate-700">{companyLocation(company) || <span className="text-slate-400">—</span>}</span>
                  <span className="text-right text-slate-700 tabular-nums">
                    {count.toLocaleString()}
                    <span className="sr-only"> {count === 1 ? 'contact' : 'contacts'}</span>
                  </span>
                </a>
              </li>
            )
          })}
        </ul>
      </div>
    </div>
  )
}

export function filterCompanies(companies: readonly Company[], search: string): readonly Company[] {
  const tokens = search.toLowerCase().split(/\s+/).filter(Boolean)
  if (tokens.length === 0) return companies
  return companies.filter((company) => {
    const haystack = `${company.name} ${company.domain} ${company.industry} ${company.city} ${company.country}`.toLowerCase()
    return tokens.every((token) => haystack.includes(token))
  })
}
