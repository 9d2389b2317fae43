// Placeholder: the tasks linked to a record, with a way to add one (replaced by the real one).
export function LinkedTasks(_props: { link: { contactId?: string; companyId?: string; dealId?: string } }) {
  return null
}
