// Placeholder: the workflow builder (issue 8) replaces this.
export function WorkflowPage({ id }: { id: string }) {
  return <div className="p-6 text-sm text-slate-500">Workflow {id}</div>
}
