// Placeholder: the workflows list (issue 8) replaces this.
export function WorkflowsPage() {
  return <div className="p-6 text-sm text-slate-500">Automations</div>
}
