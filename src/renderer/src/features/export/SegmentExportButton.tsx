import { useMemo, useState } from 'react'
import type { Segment } from '@core/schema'
import { segmentMatcher } from '@core/segments/evaluateSegment'
import { contactsByName, useSegmentContext } from '../../data/audience'
import { useData } from '../../data/dataContext'
import { useContactIndexVersion } from '../../data/hooks'
import { Button } from '../../ui/Button'
import { ExportContactsDialog, type ExportChoice } from './ExportContactsDialog'
import { fileDate, fileSlug } from './saveFile'

/**
 * A segment's or static list's Export: every contact it matches (the unsubscribed and bounced
 * too: this is the membership, not the mailing list), in name order, as CSV.
 */
export function SegmentExportButton({ segment }: { segment: Pick<Segment, 'id' | 'kind' | 'rules' | 'name'> }) {
  const { contacts: index } = useData()
  const version = useContactIndexVersion(index)
  const { context, loading } = useSegmentContext()
  const [open, setOpen] = useState(false)
  const kind = segment.kind === 'static' ? 'list' : 'segment'

  // Counted while the dialog is open only (the editor already shows the audience), and again only
  // when the rules or the contacts change, not on every render of the editor.
  const { id, kind: segmentKind } = segment
  const rulesKey = JSON.stringify(segment.rules)
  const matchingIds = useMemo(() => {
    void version
    if (!open || loading) return null
    const matches = segmentMatcher({ id, kind: segmentKind, rules: JSON.parse(rulesKey) as Segment['rules'] }, context)
    const ids: string[] = []
    for (const contact of contactsByName(index)) if (matches(contact)) ids.push(contact.id)
    return ids
  }, [open, loading, id, segmentKind, rulesKey, context, index, version])

  const choices = useMemo((): ExportChoice[] => {
    if (matchingIds === null) return []
    return [
      {
        id: 'segment',
        label: `Contacts in “${segment.name}”`,
        count: matchingIds.length,
        ids: () => matchingIds,
        subject: `${kind}: ${segment.name}`,
        fileName: `outpost-${kind}-${fileSlug(segment.name)}-${fileDate()}.csv`,
      },
    ]
  }, [matchingIds, segment.name, kind])

  return (
    <>
      <Button onClick={() => setOpen(true)} title={`Export this ${kind}’s contacts as CSV`}>
        Export CSV
      </Button>
      <ExportContactsDialog open={open} onClose={() => setOpen(false)} title={`Export ${kind}`} choices={choices} />
    </>
  )
}
