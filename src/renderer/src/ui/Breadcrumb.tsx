/** The trail at the top of a record or editor page: a link back to its list, then the page's own title. */
export function Breadcrumb({ parentLabel, parentHref, title }: { parentLabel: string; parentHref: string; title: string }) {
  return (
    <nav aria-label="Breadcrumb" className="flex min-w-0 items-center gap-1.5 text-slate-500">
      <a href={parentHref} className="hover:text-slate-900">
        {parentLabel}
      </a>
      <span aria-hidden>/</span>
      <span aria-current="page" className="truncate text-slate-900">
        {title}
      </span>
    </nav>
  )
}
