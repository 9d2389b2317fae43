import fc from 'fast-check'
import { findMentions, insertMention, mentionCandidates, mentionLabel, mentionQueryAt, parseMentions, type MentionMember } from './mentions'

const ana: MentionMember = { id: 'u-ana', name: 'Ana', email: 'ana@example.com' }
const anaLima: MentionMember = { id: 'u-analima', name: 'Ana Lima', email: 'lima@example.com' }
const bob: MentionMember = { id: 'u-bob', name: 'Bob Smith', email: 'bob.smith@example.com' }
const nameless: MentionMember = { id: 'u-nameless', name: '', email: 'ops@example.com' }
const members = [ana, anaLima, bob, nameless]

describe('parseMentions', () => {
  it('finds members by name, case-insensitively, names with spaces included', () => {
    expect(parseMentions('@bob smith please call', members)).toEqual(['u-bob'])
    expect(parseMentions('Thanks @Ana, and @BOB SMITH.', members)).toEqual(['u-ana', 'u-bob'])
  })

  it('prefers the longest name: "@Ana Lima" is Ana Lima, "@Ana Limb" is Ana', () => {
    expect(parseMentions('@Ana Lima ok', members)).toEqual(['u-analima'])
    expect(parseMentions('@Ana Limb ok', members)).toEqual(['u-ana'])
  })

  it('falls back to the email and its local part', () => {
    expect(parseMentions('cc @ops@example.com', members)).toEqual(['u-nameless'])
    expect(parseMentions('cc @ops and @bob.smith', members)).toEqual(['u-nameless', 'u-bob'])
  })

  it('ignores emails in the text, partial names and unknown names', () => {
    expect(parseMentions('write to ana@example.com', members)).toEqual([])
    expect(parseMentions('@Anabel and @nobody', members)).toEqual([])
    expect(parseMentions('no mentions here', members)).toEqual([])
    expect(parseMentions('@Ana', [])).toEqual([])
  })

  it('lists each member once, in order of first mention', () => {
    expect(parseMentions('@Bob Smith @Ana @bob smith', members)).toEqual(['u-bob', 'u-ana'])
  })

  it('gives spans covering exactly "@Label" in the body', () => {
    const body = 'Hi @Ana Lima and @bob smith!'
    const spans = findMentions(body, members)
    expect(spans.map((span) => body.slice(span.start, span.end))).toEqual(['@Ana Lima', '@bob smith'])
  })

  it('finds every inserted mention again (insert then parse round-trips)', () => {
    const word = fc.stringMatching(/^[a-z]{1,8}$/)
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...members), { minLength: 1, maxLength: 5 }), fc.array(word, { maxLength: 5 }), (picked, words) => {
        let text = ''
        for (const [index, member] of picked.entries()) {
          text += `${words[index] ?? ''} @`
          const query = mentionQueryAt(text, text.length)
          expect(query).not.toBeNull()
          text = insertMention(text, text.length, query!, member).text
        }
        expect(parseMentions(text, members)).toEqual([...new Set(picked.map((member) => member.id))])
      }),
    )
  })
})

describe('mentionQueryAt', () => {
  it('finds the word being typed after an @', () => {
    expect(mentionQueryAt('Hi @an', 6)).toEqual({ start: 3, query: 'an' })
    expect(mentionQueryAt('@', 1)).toEqual({ start: 0, query: '' })
    expect(mentionQueryAt('Hi @Ana Li', 10)).toEqual({ start: 3, query: 'Ana Li' })
  })

  it('uses the caret, not the end of the text', () => {
    expect(mentionQueryAt('Hi @an and more', 6)).toEqual({ start: 3, query: 'an' })
  })

  it('is null outside a mention: no @, an email, after a newline or a space right after @', () => {
    expect(mentionQueryAt('Hello', 5)).toBeNull()
    expect(mentionQueryAt('mail bob@exa', 12)).toBeNull()
    expect(mentionQueryAt('@ana\nnext', 9)).toBeNull()
    expect(mentionQueryAt('@ hello', 7)).toBeNull()
    expect(mentionQueryAt('@ana  two spaces', 16)).toBeNull()
  })

  it('keeps an email-ish query together', () => {
    expect(mentionQueryAt('cc @ops@exa', 11)).toEqual({ start: 3, query: 'ops@exa' })
  })
})

describe('insertMention', () => {
  it('replaces the query with "@Label " and puts the caret after it', () => {
    const text = 'Hi @bo please'
    const result = insertMention(text, 6, { start: 3, query: 'bo' }, bob)
    expect(result.text).toBe('Hi @Bob Smith please')
    expect(result.caret).toBe('Hi @Bob Smith '.length)
  })

  it('writes the email for a member without a name', () => {
    expect(insertMention('@op', 3, { start: 0, query: 'op' }, nameless).text).toBe('@ops@example.com ')
    expect(mentionLabel(nameless)).toBe('ops@example.com')
  })
})

describe('mentionCandidates', () => {
  it('ranks prefix matches first, then word starts, then substrings', () => {
    const list = mentionCandidates(members, 'li')
    expect(list.map((member) => member.id)).toEqual(['u-analima'])
    expect(mentionCandidates(members, 'smi').map((member) => member.id)).toEqual(['u-bob'])
    expect(mentionCandidates(members, 'a').map((member) => member.id).slice(0, 2)).toEqual(['u-ana', 'u-analima'])
  })

  it('past a space offers only names that continue the query, so a finished mention offers nothing', () => {
    expect(mentionCandidates(members, 'Ana ').map((member) => member.id)).toEqual(['u-analima'])
    expect(mentionCandidates(members, 'Bob Smith ')).toEqual([])
    expect(mentionCandidates(members, 'bob sm').map((member) => member.id)).toEqual(['u-bob'])
  })

  it('offers everyone (up to the limit) for an empty query', () => {
    expect(mentionCandidates(members, '', 3)).toHaveLength(3)
  })
})
