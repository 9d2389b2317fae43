import type { CustomFieldDefinition } from '../schema/settings'

/** The Liquid variable holding the recipient's unsubscribe link; every template must link to it. */
export const UNSUBSCRIBE_URL_TAG = 'unsubscribe_url'

export interface MergeTag {
  label: string
  snippet: string
  group: 'Contact' | 'Company' | 'Campaign' | 'Links'
}

export const MERGE_TAGS: ReadonlyArray<MergeTag> = [
  { label: 'First name', snippet: '{{ contact.firstName | default: "there" }}', group: 'Contact' },
  { label: 'Last name', snippet: '{{ contact.lastName }}', group: 'Contact' },
  { label: 'Full name', snippet: '{{ contact.fullName }}', group: 'Contact' },
  { label: 'Email', snippet: '{{ contact.email }}', group: 'Contact' },
  { label: 'Phone', snippet: '{{ contact.phone }}', group: 'Contact' },
  { label: 'Job title', snippet: '{{ contact.title }}', group: 'Contact' },
  { label: 'Lifecycle stage', snippet: '{{ contact.lifecycleStage }}', group: 'Contact' },
  { label: 'Tags', snippet: '{{ contact.tags | join: ", " }}', group: 'Contact' },
  { label: 'Company name', snippet: '{{ company.name }}', group: 'Company' },
  { label: 'Company domain', snippet: '{{ company.domain }}', group: 'Company' },
  { label: 'Industry', snippet: '{{ company.industry }}', group: 'Company' },
  { label: 'Company city', snippet: '{{ company.city }}', group: 'Company' },
  { label: 'Company country', snippet: '{{ company.country }}', group: 'Company' },
  { label: 'Campaign name', snippet: '{{ campaign.name }}', group: 'Campaign' },
  { label: 'Unsubscribe link', snippet: `{{ ${UNSUBSCRIBE_URL_TAG} }}`, group: 'Links' },
]

/** The tag picker's entries for this workspace: the built-in tags plus one per custom field. */
export function mergeTagsFor(customFields: readonly CustomFieldDefinition[]): MergeTag[] {
  const custom = [...customFields]
    .sort((a, b) => a.position - b.position || a.key.localeCompare(b.key))
    .map((field): MergeTag => ({ label: field.label, snippet: `{{ contact.custom.${field.key} }}`, group: 'Contact' }))
  const firstCompany = MERGE_TAGS.findIndex((tag) => tag.group === 'Company')
  return [...MERGE_TAGS.slice(0, firstCompany), ...custom, ...MERGE_TAGS.slice(firstCompany)]
}

/** Variables a template may use, by root (the first field is the one suggested); null = no fields; `contact.custom.<key>` is checked against the custom fields. */
export const KNOWN_MERGE_VARIABLES: Readonly<Record<string, readonly string[] | null>> = {
  contact: ['firstName', 'lastName', 'fullName', 'email', 'id', 'phone', 'title', 'lifecycleStage', 'tags', 'custom'],
  company: ['name', 'domain', 'industry', 'city', 'country'],
  campaign: ['name', 'id'],
  [UNSUBSCRIBE_URL_TAG]: null,
}
