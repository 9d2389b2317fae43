// Placeholder: the comment box with @mentions (replaced by the real one).
/** What a comment is about: its links, as stored on the activity. */
export interface CommentTarget {
  contactId?: string
  companyId?: string
  dealId?: string
}

export function CommentComposer(_props: { target: CommentTarget }) {
  return null
}
