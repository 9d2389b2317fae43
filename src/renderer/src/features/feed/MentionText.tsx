import { Fragment, useMemo } from 'react'
import { findMentions, type MentionMember } from '@core/feed/mentions'

/** A comment body with its @mentions highlighted (the current member's own mentions stand out more). */
export function MentionText({ body, members, me }: { body: string; members: readonly MentionMember[]; me?: string | null }) {
  const spans = useMemo(() => findMentions(body, members), [body, members])
  if (spans.length === 0) return <>{body}</>
  const parts: React.ReactNode[] = []
  let at = 0
  for (const span of spans) {
    if (span.start > at) parts.push(<Fragment key={`t${at}`}>{body.slice(at, span.start)}</Fragment>)
    const mine = me !== undefined && me !== null && span.memberId === me
    parts.push(
      <span
        key={`m${span.start}`}
        data-mention={span.memberId}
        className={`rounded px-0.5 font-medium ${mine ? 'bg-amber-100 text-amber-900' : 'bg-accent-50 text-accent-700'}`}
      >
        {body.slice(span.start, span.end)}
      </span>,
    )
    at = span.end
  }
  if (at < body.length) parts.push(<Fragment key={`t${at}`}>{body.slice(at)}</Fragment>)
  return <>{parts}</>
}
