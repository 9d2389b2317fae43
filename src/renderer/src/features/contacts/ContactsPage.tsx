import { useDeferredValue, useMemo, type KeyboardEvent } from 'react'
import { PlusIcon } from '../../ui/icons'
import { LIFECYCLE_STAGE_LABELS, LIFECYCLE_STAGES, type LifecycleStage } from '@core/schema'
import { CONTACT_SEARCH_INPUT_ID } from '../../app/appCommands'
import { navigate } from '../../app/router'
import { useAppDispatch, useAppSelector } from '../../app/store'
import { contactDialogSet } from '../../app/uiSlice'
import type { ContactQuery } from '../../data/contactIndex'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { EmptyState } from '../../ui/EmptyState'
import { ContactsExportButton } from '../export/ContactsExportButton'
import { Kbd } from '../../ui/Kbd'
import { BulkActionsBar } from './BulkActionsBar'
import { contactCountLabel, formatCount } from './contactDisplay'
import { ContactsTable, ROW_HEIGHT } from './ContactsTable'
import {
  companyFilterSet,
  filtersCleared,
  searchTextChanged,
  selectionAdded,
  selectionCleared,
  selectionSet,
  selectionToggled,
  sortToggled,
  stageFilterSet,
  tagFilterSet,
} from './contactsSlice'
import { FilterMenu, type FilterOption } from './FilterMenu'
import { stageDotClass } from './LifecycleStagePill'

const STAGE_OPTIONS: FilterOption[] = LIFECYCLE_STAGES.map((stage) => ({
  value: stage,
  label: LIFECYCLE_STAGE_LABELS[stage],
  decoration: <span aria-hidden className={`h-2 w-2 shrink-0 rounded-full ${stageDotClass(stage)}`} />,
}))

function isFiltered(query: ContactQuery): boolean {
  return query.text.trim() !== '' || query.tags.length > 0 || query.stages.length > 0 || query.companyIds.length > 0
}

/** The contact list: search, filters, a virtualized table over the in-memory index, bulk actions. */
export function ContactsPage() {
  const dispatch = useAppDispatch()
  const { contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const query = useAppSelector((state) => state.contacts.query)
  const selectedIds = useAppSelector((state) => state.contacts.selectedIds)

  // Typing stays responsive even if a query over 100k rows takes a frame or two.
  const deferredQuery = useDeferredValue(query)
  const ids = useMemo(() => {
    // `version` is the index's change counter: a new value means the rows changed.
    void version
    return index.query(deferredQuery)
  }, [index, deferredQuery, version])

  const tagOptions = useMemo(() => {
    void version
    return index.allTags().map((tag) => ({ value: tag, label: tag }))
  }, [index, version])
  const companyOptions = useMemo(() => {
    void version
    return index.companies().map((company) => ({ value: company.id, label: company.name || 'Untitled company' }))
  }, [index, version])

  // Selection can outlive its rows (deleted here or on another device); count only live ones.
  const liveSelectedIds = useMemo(() => {
    void version
    return selectedIds.filter((id) => index.get(id) !== undefined)
  }, [selectedIds, index, version])
  const selectedSet = useMemo(() => new Set(liveSelectedIds), [liveSelectedIds])

  const filtered = isFiltered(query)
  const total = index.total
  const openContact = (id: string) => navigate({ name: 'contact', id })
  const newContact = () => dispatch(contactDialogSet({ mode: 'create' }))
  const clearFilters = () => dispatch(filtersCleared())

  const onSearchKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      // From the search box straight into the results.
      event.preventDefault()
      document.querySelector<HTMLElement>('[role="grid"][aria-label="Contacts"]')?.focus()
    } else if (event.key === 'Escape' && query.text) {
      event.preventDefault()
      dispatch(searchTextChanged(''))
    }
  }

  let body
  if (index.loading && index.size === 0) {
    body = <LoadingSkeleton total={index.total} />
  } else if (index.size === 0) {
    body = (
      <EmptyState
        title="No contacts yet"
        action={
          <>
            <Button variant="primary" onClick={newContact}>
              New contact
            </Button>
            <Button onClick={() => navigate({ name: 'import' })}>Import CSV</Button>
            <Button onClick={() => navigate({ name: 'settings' })}>Load demo data</Button>
          </>
        }
      >
        Add the people you work with, import them from a CSV file, or load demo data to look around.
      </EmptyState>
    )
  } else if (ids.length === 0) {
    body = (
      <EmptyState title="No contacts match" action={<Button onClick={clearFilters}>Clear filters</Button>}>
        Nothing matches {query.text.trim() ? `“${query.text.trim()}”` : 'these filters'}. Try fewer filters or another search.
      </EmptyState>
    )
  } else {
    body = (
      <ContactsTable
        ids={ids}
        selected={selectedSet}
        sort={query.sort}
        onSort={(field) => dispatch(sortToggled(field))}
        onOpen={openContact}
        onToggle={(id) => dispatch(selectionToggled(id))}
        onAddRange={(range) => dispatch(selectionAdded(range))}
        onSelectAll={(selectAll) => dispatch(selectAll ? selectionSet([...ids]) : selectionCleared())}
        onClearSelection={() => dispatch(selectionCleared())}
      />
    )
  }

  return (
    <div className="relative flex min-h-0 flex-1 flex-col">
      <header className="flex items-center justify-between gap-4 px-5 pt-4 pb-3">
        <div className="flex min-w-0 items-baseline gap-2.5">
          <h1 className="text-lg font-semibold tracking-tight text-slate-900">Contacts</h1>
          <p className="truncate text-sm text-slate-500 tabular-nums" aria-live="polite">
            {index.loading && index.size > 0
              ? `Loading… ${formatCount(index.size)} of ${formatCount(total)}`
              : index.loading || total === 0
                ? ''
                : contactCountLabel(ids.length, total, filtered)}
          </p>
        </div>
        <div className="flex items-center gap-2">
          <Button onClick={() => navigate({ name: 'import' })}>Import</Button>
          <ContactsExportButton listedIds={ids} query={deferredQuery} filtered={filtered} selectedIds={liveSelectedIds} />
          <Button variant="primary" onClick={newContact} title="New contact (C)">
            <PlusIcon />
            New contact
            <span className="ml-1 rounded bg-white/15 px-1.5 py-px text-[11px] leading-4 text-white/90" aria-hidden>
              C
            </span>
          </Button>
        </div>
      </header>
      <div className="flex flex-wrap items-center gap-2 border-b border-slate-200 px-5 pb-3">
        <div className="relative w-80">
          <SearchIcon />
          <input
            id={CONTACT_SEARCH_INPUT_ID}
            type="search"
            value={query.text}
            onChange={(event) => dispatch(searchTextChanged(event.target.value))}
            onKeyDown={onSearchKeyDown}
            placeholder="Search name, email or company"
            aria-label="Search contacts"
            autoComplete="off"
            spellCheck={false}
            className="h-8 w-full rounded-md border border-slate-300 bg-white pr-8 pl-8 text-sm text-slate-900 placeholder:text-slate-400 focus:border-accent-500 focus:ring-2 focus:ring-accent-100 focus:outline-none [&::-webkit-search-cancel-button]:hidden"
          />
          {query.text ? null : (
            <span className="pointer-events-none absolute top-1/2 right-2 -translate-y-1/2">
              <Kbd>/</Kbd>
            </span>
          )}
        </div>
        <FilterMenu
          label="Tag"
          heading="Has all of"
          options={tagOptions}
          selected={query.tags}
          onChange={(tags) => dispatch(tagFilterSet(tags))}
          searchPlaceholder="Find a tag…"
          emptyText="No tags yet"
        />
        <FilterMenu
          label="Stage"
          heading="Any of"
          options={STAGE_OPTIONS}
          selected={query.stages}
          onChange={(stages) => dispatch(stageFilterSet(stages as LifecycleStage[]))}
          searchPlaceholder="Find a stage…"
          emptyText="No stages"
        />
        <FilterMenu
          label="Company"
          heading="Any of"
          options={companyOptions}
          selected={query.companyIds}
          onChange={(companyIds) => dispatch(companyFilterSet(companyIds))}
          searchPlaceholder="Find a company…"
          emptyText={index.loading ? 'Loading companies…' : 'No companies yet'}
        />
        {filtered ? (
          <Button variant="ghost" onClick={clearFilters} className="text-slate-500">
            Clear filters
          </Button>
        ) : null}
      </div>
      {body}
      {liveSelectedIds.length > 0 ? <BulkActionsBar selectedIds={liveSelectedIds} /> : null}
    </div>
  )
}

function LoadingSkeleton({ total }: { total: number }) {
  return (
    <div className="min-h-0 flex-1 overflow-hidden" aria-busy="true">
      <p className="sr-only">Loading contacts…</p>
      <div className="flex h-[34px] items-center gap-3 border-b border-slate-200 bg-slate-50 px-4 text-xs text-slate-500">
        Loading contacts{total > 0 ? ` · ${formatCount(total)} in this workspace` : '…'}
      </div>
      {Array.from({ length: 10 }, (_, row) => (
        <div key={row} className="flex items-center gap-6 border-b border-slate-100 px-4" style={{ height: ROW_HEIGHT }} aria-hidden>
          <span className="h-3.5 w-3.5 rounded bg-slate-100" />
          <span className="h-3 animate-pulse rounded bg-slate-100" style={{ width: 120 + ((row * 37) % 60) }} />
          <span className="h-3 animate-pulse rounded bg-slate-100" style={{ width: 160 + ((row * 53) % 50) }} />
          <span className="h-3 w-24 animate-pulse rounded bg-slate-100" />
          <span className="h-4 w-20 animate-pulse rounded-full bg-slate-100" />
        </div>
      ))}
    </div>
  )
}

function SearchIcon() {
  return (
    <svg aria-hidden viewBox="0 0 16 16" className="pointer-events-none absolute top-1/2 left-2.5 h-3.5 w-3.5 -translate-y-1/2 text-slate-400" fill="none" stroke="currentColor" strokeWidth="1.75">
      <circle cx="7" cy="7" r="4.25" />
      <path d="m10.25 10.25 3 3" strokeLinecap="round" />
    </svg>
  )
}
