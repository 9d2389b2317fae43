// @mentions in comment bodies. The body stays plain text ("@Ana Lima please call") and the
// activity's `mentions` array holds the member ids, so the text reads well anywhere (exports,
// older clients) and the inbox never has to re-parse it. Parsing matches the longest member
// label after an '@', case-insensitively, so "@Ana Lima" beats "@Ana" when both are members.

/** What mentions need of a member (a subset of the members collection). */
export interface MentionMember {
  id: string
  name: string
  email: string
}

/** One mention found in a text: body.slice(start, end) is "@Label". */
export interface MentionSpan {
  start: number
  end: number
  memberId: string
}

/** The '@query' being typed at the caret (start is the index of the '@'). */
export interface MentionQuery {
  start: number
  query: string
}

/** How far back from the caret an unfinished mention may start (the longest name we complete). */
const MAX_QUERY_LENGTH = 60
const MAX_QUERY_SPACES = 3

/** The label a mention is written with: the member's name, or the email when there is no name. */
export function mentionLabel(member: MentionMember): string {
  const name = member.name.trim()
  return name === '' ? member.email : name
}

/** Labels a member can be mentioned by, longest first: name, email, the email's local part. */
function labelsOf(member: MentionMember): string[] {
  const labels = new Set<string>()
  const name = member.name.trim()
  if (name !== '') labels.add(name.toLowerCase())
  const email = member.email.trim().toLowerCase()
  if (email !== '') {
    labels.add(email)
    const local = email.split('@')[0] ?? ''
    if (local !== '') labels.add(local)
  }
  return [...labels].sort((a, b) => b.length - a.length)
}

function isWordChar(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{N}_]/u.test(char)
}

/** An '@' opens a mention at the start or after a non-word character (so "bob@x.com" is not one). */
function opensMention(text: string, at: number): boolean {
  return text[at] === '@' && !isWordChar(text[at - 1])
}

/**
 * A label ends a mention when the next character cannot continue a name or an email: "@Ana,"
 * and "@Ana." match Ana, "@Anabel" does not. A '.' or '-' followed by a word character would
 * continue an email ("@ana.lima"), so it does not end the match.
 */
function endsMention(text: string, end: number): boolean {
  const next = text[end]
  if (next === undefined || next === '@') return next === undefined
  if (isWordChar(next)) return false
  if ((next === '.' || next === '-') && isWordChar(text[end + 1])) return false
  return true
}

/** Every mention in the text, in order; each '@' matches the member with the longest fitting label. */
export function findMentions(body: string, members: readonly MentionMember[]): MentionSpan[] {
  if (members.length === 0 || !body.includes('@')) return []
  const candidates = members.flatMap((member) => labelsOf(member).map((label) => ({ label, memberId: member.id })))
  candidates.sort((a, b) => b.label.length - a.label.length)
  const lower = body.toLowerCase()
  const spans: MentionSpan[] = []
  let at = lower.indexOf('@')
  while (at !== -1) {
    let next = at + 1
    if (opensMention(body, at)) {
      const match = candidates.find(({ label }) => lower.startsWith(label, at + 1) && endsMention(lower, at + 1 + label.length))
      if (match) {
        const end = at + 1 + match.label.length
        spans.push({ start: at, end, memberId: match.memberId })
        next = end
      }
    }
    at = lower.indexOf('@', next)
  }
  return spans
}

/** The member ids mentioned in the body, each once, in order of first mention. */
export function parseMentions(body: string, members: readonly MentionMember[]): string[] {
  return [...new Set(findMentions(body, members).map((span) => span.memberId))]
}

/**
 * The unfinished mention the caret is in, for the autocomplete: an '@' that opens a mention,
 * followed by up to a few words on the same line. Null when the caret is not in one.
 */
export function mentionQueryAt(text: string, caret: number): MentionQuery | null {
  const end = Math.max(0, Math.min(caret, text.length))
  let spaces = 0
  for (let at = end - 1; at >= 0 && end - at <= MAX_QUERY_LENGTH + 1; at--) {
    const char = text[at]
    if (char === '\n' || char === '\r') return null
    if (char === '@' && opensMention(text, at)) {
      const query = text.slice(at + 1, end)
      if (query.startsWith(' ')) return null
      return { start: at, query }
    }
    if (char === ' ' || char === '\t') {
      spaces++
      // "@Ana Lima ok" is no longer a mention being typed; two spaces in a row end it too.
      if (spaces > MAX_QUERY_SPACES || text[at + 1] === ' ') return null
    }
  }
  return null
}

/** Members matching what was typed after '@': names or emails starting with it first, then containing it. */
export function mentionCandidates<M extends MentionMember>(members: readonly M[], query: string, limit = 8): M[] {
  const needle = query.trim().toLowerCase()
  // Past a space only a name that goes on like that fits: "@Ana " still offers "Ana Lima", and a
  // finished "@Bob Smith " offers nothing, so the popup closes after a pick.
  const multiWord = /\s/.test(query.trimStart())
  const scored: Array<{ member: M; rank: number }> = []
  for (const member of members) {
    if (multiWord && !mentionLabel(member).toLowerCase().startsWith(query.trimStart().toLowerCase())) continue
    const name = member.name.toLowerCase()
    const email = member.email.toLowerCase()
    let rank: number
    if (needle === '') rank = 0
    else if (name.startsWith(needle) || email.startsWith(needle)) rank = 0
    else if (name.split(/\s+/).some((word) => word.startsWith(needle))) rank = 1
    else if (name.includes(needle) || email.includes(needle)) rank = 2
    else continue
    scored.push({ member, rank })
  }
  scored.sort((a, b) => a.rank - b.rank || mentionLabel(a.member).localeCompare(mentionLabel(b.member)))
  return scored.slice(0, limit).map(({ member }) => member)
}

/**
 * Replaces the '@query' at `query.start` (up to the caret) with "@Label " and returns the new
 * text and the caret just after the inserted space.
 */
export function insertMention(text: string, caret: number, query: MentionQuery, member: MentionMember): { text: string; caret: number } {
  const end = Math.max(query.start + 1, Math.min(caret, text.length))
  const inserted = `@${mentionLabel(member)} `
  const rest = text.slice(end)
  // Keep one space between the mention and what follows, never two.
  const after = rest.startsWith(' ') ? rest.slice(1) : rest
  return { text: text.slice(0, query.start) + inserted + after, caret: query.start + inserted.length }
}
