import { useId, useMemo, useRef, useState, type KeyboardEvent } from 'react'
import { insertMention, mentionCandidates, mentionLabel, mentionQueryAt, type MentionQuery } from '@core/feed/mentions'
import type { Member } from '@core/schema'
import { useAppDispatch } from '../../app/store'
import { toastShown } from '../../app/uiSlice'
import { useCurrentMemberId, useMembers } from '../../data/crmHooks'
import { useData } from '../../data/dataContext'
import { Button } from '../../ui/Button'
import { modKey } from '../../ui/Kbd'
import { postComment, type CommentTarget } from './feedWrites'

export type { CommentTarget } from './feedWrites'

const NO_MEMBERS: Member[] = []

/**
 * A comment box with @mentions: typing "@" offers the workspace's members (arrows, Enter or Tab
 * to pick, Escape to close); Ctrl/⌘+Enter posts. Mentioned members find it in their inbox.
 */
export function CommentComposer({ target }: { target: CommentTarget }) {
  const { db } = useData()
  const dispatch = useAppDispatch()
  const members = useMembers() ?? NO_MEMBERS
  const me = useCurrentMemberId()
  const [text, setText] = useState('')
  const [query, setQuery] = useState<MentionQuery | null>(null)
  const [active, setActive] = useState(0)
  const [posting, setPosting] = useState(false)
  const textarea = useRef<HTMLTextAreaElement>(null)
  const listId = useId()

  // Offer teammates first; mentioning yourself is allowed but rarely wanted.
  const candidates = useMemo(() => {
    if (query === null) return []
    const found = mentionCandidates(members, query.query, 6)
    return [...found.filter((member) => member.id !== me), ...found.filter((member) => member.id === me)]
  }, [members, me, query])
  const open = query !== null && candidates.length > 0

  const updateQuery = (value: string, caret: number) => {
    const next = mentionQueryAt(value, caret)
    setQuery(next)
    if (next?.query !== query?.query || next?.start !== query?.start) setActive(0)
  }

  const pick = (member: Member) => {
    const element = textarea.current
    if (!element || query === null) return
    const result = insertMention(text, element.selectionStart, query, member)
    setText(result.text)
    setQuery(null)
    requestAnimationFrame(() => {
      element.focus()
      element.setSelectionRange(result.caret, result.caret)
    })
  }

  const post = async () => {
    if (text.trim() === '' || posting) return
    setPosting(true)
    try {
      await postComment(db, { target, body: text, members, authorId: me })
      setText('')
      setQuery(null)
    } catch (error) {
      dispatch(toastShown({ message: error instanceof Error ? error.message : `Could not post: ${String(error)}`, tone: 'error' }))
    } finally {
      setPosting(false)
    }
  }

  const onKeyDown = (event: KeyboardEvent<HTMLTextAreaElement>) => {
    if (open) {
      if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        event.preventDefault()
        const step = event.key === 'ArrowDown' ? 1 : -1
        setActive((index) => (index + step + candidates.length) % candidates.length)
        return
      }
      if ((event.key === 'Enter' && !event.metaKey && !event.ctrlKey) || event.key === 'Tab') {
        event.preventDefault()
        const member = candidates[active]
        if (member) pick(member)
        return
      }
      if (event.key === 'Escape') {
        // Close the popup only: a surrounding dialog or page shortcut must not see this Escape.
        event.preventDefault()
        event.stopPropagation()
        setQuery(null)
        return
      }
    }
    if (event.key === 'Enter' && (event.metaKey || event.ctrlKey)) {
      event.preventDefault()
      void post()
    }
  }

  const activeId = open ? `${listId}-${active}` : undefined
  return (
    <form
      aria-label="Comment"
      className="relative rounded-lg border border-slate-200 bg-white p-2 focus-within:border-accent-500 focus-within:ring-2 focus-within:ring-accent-100"
      onSubmit={(event) => {
        event.preventDefault()
        void post()
      }}
    >
      <textarea
        ref={textarea}
        value={text}
        rows={text.includes('\n') ? 3 : 2}
        maxLength={10_000}
        placeholder="Write a comment… (@ to mention)"
        aria-label="Comment"
        role="combobox"
        aria-autocomplete="list"
        aria-expanded={open}
        aria-controls={open ? listId : undefined}
        aria-activedescendant={activeId}
        onChange={(event) => {
          setText(event.target.value)
          updateQuery(event.target.value, event.target.selectionStart)
        }}
        onSelect={(event) => updateQuery(event.currentTarget.value, event.currentTarget.selectionStart)}
        onBlur={() => setQuery(null)}
        onKeyDown={onKeyDown}
        className="block w-full resize-y border-0 bg-transparent px-1 py-0.5 text-sm text-slate-900 placeholder:text-slate-400 focus:outline-none"
      />
      {open ? (
        <ul id={listId} role="listbox" aria-label="Mention a teammate" className="absolute top-full left-2 z-20 mt-1 w-80 max-w-[calc(100%-1rem)] overflow-hidden rounded-md border border-slate-200 bg-white py-1 shadow-lg">
          {candidates.map((member, index) => (
            <li
              key={member.id}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              // mousedown, not click: picking must happen before the textarea's blur closes the list.
              onMouseDown={(event) => {
                event.preventDefault()
                pick(member)
              }}
              onMouseEnter={() => setActive(index)}
              className={`flex cursor-pointer items-baseline gap-2 px-3 py-1.5 text-sm ${index === active ? 'bg-accent-50 text-accent-700' : 'text-slate-800'}`}
            >
              <span className="max-w-[60%] shrink-0 truncate font-medium">{mentionLabel(member)}</span>
              {member.name.trim() ? <span className="min-w-0 truncate text-xs text-slate-500">{member.email}</span> : null}
              {member.id === me ? <span className="ml-auto shrink-0 text-xs text-slate-400">you</span> : null}
            </li>
          ))}
        </ul>
      ) : null}
      <div className="mt-1 flex items-center justify-between gap-2 px-1">
        <span className="text-xs text-slate-500">
          {members.length === 0 ? 'Sign in to sync to mention teammates.' : `${modKey}+Enter to post`}
        </span>
        <Button type="submit" size="sm" variant="primary" disabled={text.trim() === '' || posting}>
          Comment
        </Button>
      </div>
    </form>
  )
}
