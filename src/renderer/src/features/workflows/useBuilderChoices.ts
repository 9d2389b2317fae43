import { useEffect, useMemo, useState } from 'react'
import type { RxDocument, RxQuery } from 'rxdb'
import type { Template, WorkflowGraph } from '@core/schema'
import { segmentFieldDescriptors } from '@core/segments/segmentFields'
import type { WorkflowReferences } from '@core/workflows/types'
import { useData } from '../../data/dataContext'
import { useMembers } from '../../data/crmHooks'
import { useContactIndexVersion, useCustomFieldDefinitions, useRxQueryResult } from '../../data/hooks'
import { useAppSelector } from '../../app/store'
import { useStageOptions } from '../scoring/useStageOptions'
import { listWebhookEndpoints } from '../webhooks/webhooksApi'
import type { RuleChoices } from '../segments/RuleBuilder'
import { useCampaignChoices, useSegments } from '../segments/useSegments'
import type { NameLookup } from './workflowDisplay'

export interface Choice {
  value: string
  label: string
}

/** Everything the inspectors offer to pick, the names the canvas shows, and what validation checks against. */
export interface BuilderChoices {
  templates: Choice[]
  segments: Choice[]
  lists: Choice[]
  members: Choice[]
  stages: Choice[]
  /** Fields a step may set or a trigger may watch (`contact.<field>` / `custom.<key>`). */
  fields: Choice[]
  /** Date fields for anniversaries. */
  dateFields: Choice[]
  campaigns: Choice[]
  tags: string[]
  /** For the goal's and a branch's rule editors. */
  rules: RuleChoices
  /** Webhook endpoints are on the server only; null = not known here (type an id). */
  endpoints: Choice[] | null
  templateDocs: ReadonlyMap<string, Template>
  loaded: boolean
}

const CONTACT_FIELDS: Choice[] = [
  { value: 'contact.firstName', label: 'First name' },
  { value: 'contact.lastName', label: 'Last name' },
  { value: 'contact.email', label: 'Email' },
  { value: 'contact.phone', label: 'Phone' },
  { value: 'contact.title', label: 'Job title' },
]

export function useBuilderChoices(): BuilderChoices {
  const { db, contacts } = useData()
  const templates = useRxQueryResult<Template>(() => db.templates.find({ sort: [{ name: 'asc' }] }) as unknown as RxQuery<Template, RxDocument<Template>[]>, [db])
  const segments = useSegments()
  const members = useMembers()
  const stageOptions = useStageOptions()
  const customFields = useCustomFieldDefinitions()
  const campaigns = useCampaignChoices()
  const version = useContactIndexVersion(contacts)
  const tags = useMemo(() => {
    void version
    return contacts.allTags()
  }, [contacts, version])

  const endpoints = useWebhookEndpointChoices()

  return useMemo(() => {
    const byName = (a: Choice, b: Choice) => a.label.localeCompare(b.label)
    const segmentDocs = segments ?? []
    const lists = segmentDocs.filter((segment) => segment.kind === 'static').map((segment) => ({ value: segment.id, label: segment.name })).sort(byName)
    const custom = customFields.map((field) => ({ value: `custom.${field.key}`, label: field.label }))
    const descriptors = segmentFieldDescriptors(customFields)
    return {
      templates: (templates ?? []).map((template) => ({ value: template.id, label: template.name })),
      segments: segmentDocs.filter((segment) => segment.kind !== 'static').map((segment) => ({ value: segment.id, label: segment.name })).sort(byName),
      lists,
      members: (members ?? []).map((member) => ({ value: member.id, label: member.name || member.email })),
      stages: stageOptions.map((option) => ({ value: option.value, label: option.label })),
      fields: [...CONTACT_FIELDS, ...custom],
      dateFields: [
        { value: 'contact.createdAt', label: 'Created' },
        ...customFields.filter((field) => field.fieldType === 'date').map((field) => ({ value: `custom.${field.key}`, label: field.label })),
      ],
      campaigns,
      tags,
      rules: { descriptors, campaigns, lists, tags },
      endpoints,
      templateDocs: new Map((templates ?? []).map((template) => [template.id, template])),
      loaded: templates !== undefined && segments !== undefined,
    }
  }, [templates, segments, members, stageOptions, customFields, campaigns, tags, endpoints])
}

/**
 * The workspace's webhook endpoints from the sync server (they are not synced documents); null
 * while local only, offline, or for members who may not list them: the step then takes a typed id.
 */
function useWebhookEndpointChoices(): Choice[] | null {
  const { sync } = useData()
  const signedIn = useAppSelector((state) => state.sync.account !== null)
  const [endpoints, setEndpoints] = useState<Choice[] | null>(null)
  useEffect(() => {
    if (!signedIn) return
    let live = true
    void listWebhookEndpoints((request) => sync.requestWorkspace(request)).then((answer) => {
      if (!live || !answer.ok) return
      setEndpoints(answer.value.map((endpoint) => ({ value: endpoint.id, label: endpoint.description || endpoint.url })))
    })
    return () => {
      live = false
    }
  }, [sync, signedIn])
  return signedIn ? endpoints : null
}

/** Names for the canvas's summaries. */
export function namesFor(choices: BuilderChoices, graph: WorkflowGraph): NameLookup {
  const map = (list: readonly Choice[]) => new Map(list.map((choice) => [choice.value, choice.label]))
  return {
    templates: map(choices.templates),
    segments: new Map([...map(choices.segments), ...map(choices.lists)]),
    members: map(choices.members),
    stages: map(choices.stages),
    fields: new Map([...map(choices.fields), ...map(choices.dateFields)]),
    steps: new Map(graph.steps.map((step) => [step.id, step])),
    endpoints: map(choices.endpoints ?? []),
  }
}

/** What validateWorkflow checks references against. */
export function referencesFor(choices: BuilderChoices): WorkflowReferences {
  return {
    templates: choices.templateDocs,
    segmentIds: new Set([...choices.segments, ...choices.lists].map((choice) => choice.value)),
    listIds: new Set(choices.lists.map((choice) => choice.value)),
    memberIds: new Set(choices.members.map((choice) => choice.value)),
    endpointIds: choices.endpoints ? new Set(choices.endpoints.map((choice) => choice.value)) : null,
    fieldKeys: new Set([...choices.fields, ...choices.dateFields].map((choice) => choice.value)),
    stages: new Set(choices.stages.map((choice) => choice.value)),
    // Half-typed rules (a goal, a filter, a branch condition) are then reported condition by condition.
    segmentFields: choices.rules.descriptors,
  }
}
