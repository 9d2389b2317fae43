// Placeholder: the CSV import screen (issue 6, part 6) replaces this.
export function ImportPage() {
  return <div className="p-6 text-sm text-slate-500">Import is being built.</div>
}
