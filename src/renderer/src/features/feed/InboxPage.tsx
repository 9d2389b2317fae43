// Placeholder so the route exists; replaced by the real screen.
export function InboxPage() {
  return (
    <div className="min-h-0 flex-1 overflow-y-auto">
      <header className="flex h-14 items-center border-b border-slate-200 px-6">
        <h1 className="text-base font-semibold text-slate-900">Inbox</h1>
      </header>
    </div>
  )
}
