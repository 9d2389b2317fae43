import { compile as compileHtmlToText } from 'html-to-text'
import juice from 'juice'
import { Liquid, LiquidError, type Template as LiquidTemplate } from 'liquidjs'
import { err, ok, type Result } from '../result'
import type { Company } from '../schema/companies'
import type { Contact } from '../schema/contacts'
import type { CustomFieldDefinition } from '../schema/settings'
import type { Template } from '../schema/templates'
import { KNOWN_MERGE_VARIABLES, UNSUBSCRIBE_URL_TAG } from './mergeTags'

export interface TemplateIssue {
  field: 'subject' | 'preheader' | 'html'
  line: number
  column: number
  message: string
  severity: 'error' | 'warning'
  /** What kind of problem, for callers that treat some apart (the readiness check lists the unsubscribe link on its own). */
  code?: TemplateIssueCode
}

export type TemplateIssueCode = 'syntax' | 'partial' | 'unknownVariable' | 'missingUnsubscribe' | 'emptySubject' | 'script' | 'css'

export interface MergeData {
  contact: Contact
  company: Company | null
  campaign: { id: string; name: string }
  unsubscribeUrl: string
}

export interface CompiledEmail {
  /** Distinct absolute http(s) hrefs of the HTML, in order of first appearance, without the unsubscribe link. */
  readonly links: readonly string[]
}

export interface RenderedEmail {
  subject: string
  html: string
  text: string
}

type TemplateSource = Pick<Template, 'subject' | 'preheader' | 'html'>
type Field = TemplateIssue['field']

// Templates are written by users and rendered on the server: no file access for partials, and
// bounded parse size, render time and memory so one template cannot stall a send.
const ENGINE_OPTIONS = {
  strictFilters: true,
  ownPropertyOnly: true,
  templates: {},
  parseLimit: 2_000_000,
  renderLimit: 2_000,
  memoryLimit: 50_000_000,
} as const
const htmlEngine = new Liquid({ ...ENGINE_OPTIONS, outputEscape: 'escape' })
const textEngine = new Liquid(ENGINE_OPTIONS)
const engineFor = (field: Field): Liquid => (field === 'html' ? htmlEngine : textEngine)

// The Liquid variable the tracked links are passed in; users cannot reference it (checkTemplate flags it).
const LINKS_VARIABLE = 'outpost_links'

const htmlToText = compileHtmlToText({
  wordwrap: 78,
  selectors: [
    { selector: 'a', options: { linkBrackets: ['(', ')'], hideLinkHrefIfSameAsText: true } },
    { selector: 'img', format: 'skip' },
    // Email layouts are tables: one cell per paragraph reads better than cells run together.
    { selector: 'td', format: 'block' },
    { selector: 'th', format: 'block' },
    ...['h1', 'h2', 'h3', 'h4', 'h5', 'h6'].map((selector) => ({ selector, options: { uppercase: false } })),
  ],
})

const compiledState = new WeakMap<CompiledEmail, { subject: LiquidTemplate[]; html: LiquidTemplate[]; text: LiquidTemplate[] }>()

/** Everything wrong with a template, with the line and column the author needs to find it. */
export function checkTemplate(template: TemplateSource, customFields?: readonly CustomFieldDefinition[]): TemplateIssue[] {
  const issues: TemplateIssue[] = []
  if (template.subject.trim() === '') {
    issues.push({ field: 'subject', line: 1, column: 1, message: 'Add a subject line.', severity: 'error', code: 'emptySubject' })
  }
  const customKeys = customFields ? new Set(customFields.map((field) => field.key)) : null
  for (const field of ['subject', 'preheader', 'html'] as const) {
    const parsed = parseField(field, template[field])
    if (!parsed.ok) {
      issues.push(...parsed.error)
      continue
    }
    issues.push(...variableIssues(field, parsed.value, customKeys))
  }
  if (!hasUnsubscribeLink(template.html)) {
    issues.push({
      field: 'html',
      line: 1,
      column: 1,
      message: `Add an unsubscribe link: <a href="{{ ${UNSUBSCRIBE_URL_TAG} }}">Unsubscribe</a>.`,
      severity: 'error',
      code: 'missingUnsubscribe',
    })
  }
  for (const match of template.html.matchAll(/<script\b/gi)) {
    const { line, column } = positionOf(template.html, match.index)
    issues.push({ field: 'html', line, column, message: 'Email clients remove scripts: this one will never run.', severity: 'warning', code: 'script' })
  }
  return issues
}

/** True when some href of the HTML is exactly the unsubscribe merge tag. */
export function hasUnsubscribeLink(html: string): boolean {
  return new RegExp(`\\bhref\\s*=\\s*(["'])\\s*\\{\\{-?\\s*${UNSUBSCRIBE_URL_TAG}\\s*(?:\\|[^}]*)?-?\\}\\}\\s*\\1`, 'i').test(html)
}

/**
 * Does every per-template step once (Liquid parsing, CSS inlining, link placeholders, the plain-text
 * version), so each message only renders Liquid. Fails only when the template cannot render at all;
 * checkTemplate reports the rest (unknown variables render empty, a missing unsubscribe link is
 * the readiness check's to refuse).
 */
export function compileEmail(template: TemplateSource): Result<CompiledEmail, TemplateIssue[]> {
  const issues: TemplateIssue[] = []
  const subject = parseField('subject', template.subject)
  const preheader = parseField('preheader', template.preheader)
  const html = parseField('html', template.html)
  for (const parsed of [subject, preheader, html]) if (!parsed.ok) issues.push(...parsed.error)
  if (!subject.ok || issues.length > 0) return err(issues)

  const tokens = new LiquidTokens(`${template.html}\n${template.preheader}`)
  let body = tokens.tokenize(template.html)
  try {
    body = juice(body)
  } catch {
    // Malformed CSS: send the styles as written rather than refuse the campaign.
  }
  const links: string[] = []
  body = body.replace(/<a\b[^>]*>/gi, (tag) =>
    tag.replace(/(\shref\s*=\s*)(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))/i, (attribute, prefix: string, ...values: Array<string | undefined>) => {
      const raw = (values[0] ?? values[1] ?? values[2] ?? '').trim()
      if (tokens.contains(raw)) return attribute // the unsubscribe link, or a link personalised with merge tags
      const url = decodeHtmlEntities(raw)
      if (!/^https?:\/\//i.test(url)) return attribute
      let index = links.indexOf(url)
      if (index === -1) index = links.push(url) - 1
      return `${prefix}"${tokens.add(`{{ ${LINKS_VARIABLE}[${index}] }}`)}"`
    }),
  )
  const text = tokens.restore(htmlToText(body))
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
  const preview = template.preheader.trim() === '' ? '' : preheaderElement(tokens.tokenize(escapeOutsideLiquid(template.preheader)))
  const htmlSource = tokens.restore(insertAfterBodyStart(body, preview))

  const compiledHtml = parseField('html', htmlSource)
  const compiledText = parseField('html', text, textEngine)
  if (!compiledHtml.ok || !compiledText.ok) {
    return err([{ field: 'html', line: 1, column: 1, message: 'The template could not be prepared for sending.', severity: 'error', code: 'syntax' }])
  }
  const compiled: CompiledEmail = Object.freeze({ links: Object.freeze([...links]) })
  compiledState.set(compiled, { subject: subject.value, html: compiledHtml.value, text: compiledText.value })
  return ok(compiled)
}

/** One message. Contact values are HTML-escaped in the HTML part and left as typed in subject and text. */
export function renderEmail(
  compiled: CompiledEmail,
  data: MergeData,
  options: { linkUrl?: (index: number) => string; openPixelUrl?: string } = {},
): RenderedEmail {
  const state = compiledState.get(compiled)
  if (!state) throw new Error('renderEmail needs the result of compileEmail')
  const { linkUrl } = options
  const scope = mergeScope(data, linkUrl ? compiled.links.map((_, index) => linkUrl(index)) : compiled.links)
  // Subjects are one header line: line breaks from merged values must not reach it.
  const subject = (textEngine.renderSync(state.subject, scope) as string).replace(/\s*[\r\n]+\s*/g, ' ').trim()
  let html = htmlEngine.renderSync(state.html, scope) as string
  const text = (textEngine.renderSync(state.text, scope) as string).replace(/\n{3,}/g, '\n\n').trim()
  if (options.openPixelUrl !== undefined) {
    const pixel = `<img src="${escapeHtml(options.openPixelUrl)}" width="1" height="1" alt="" style="display:block;width:1px;height:1px;border:0" />`
    html = insertBeforeBodyEnd(html, pixel)
  }
  return { subject, html, text }
}

function mergeScope(data: MergeData, links: readonly string[]): Record<string, unknown> {
  const { contact, company, campaign } = data
  return {
    contact: {
      id: contact.id,
      email: contact.email,
      firstName: contact.firstName,
      lastName: contact.lastName,
      fullName: `${contact.firstName} ${contact.lastName}`.trim(),
      phone: contact.phone,
      title: contact.title,
      lifecycleStage: contact.lifecycleStage,
      tags: contact.tags,
      custom: contact.customFields,
    },
    company: {
      name: company?.name ?? '',
      domain: company?.domain ?? '',
      industry: company?.industry ?? '',
      city: company?.city ?? '',
      country: company?.country ?? '',
    },
    campaign: { id: campaign.id, name: campaign.name },
    [UNSUBSCRIBE_URL_TAG]: data.unsubscribeUrl,
    [LINKS_VARIABLE]: links,
  }
}

// ---------------------------------------------------------------------------------------------
// Parsing and checks

function parseField(field: Field, source: string, engine: Liquid = engineFor(field)): Result<LiquidTemplate[], TemplateIssue[]> {
  const partials = [...source.matchAll(/\{%-?\s*(include|render|layout)\b/g)]
  if (partials.length > 0) {
    return err(
      partials.map((match) => ({
        ...positionOf(source, match.index),
        field,
        message: `Templates cannot pull in other files ({% ${match[1]} %}): paste the content instead.`,
        severity: 'error' as const,
        code: 'partial' as const,
      })),
    )
  }
  try {
    return ok(engine.parse(source))
  } catch (error) {
    return err([liquidErrorIssue(field, error)])
  }
}

function liquidErrorIssue(field: Field, error: unknown): TemplateIssue {
  if (!LiquidError.is(error)) {
    return { field, line: 1, column: 1, message: error instanceof Error ? error.message : String(error), severity: 'error', code: 'syntax' }
  }
  const [line = 1, column = 1] = error.token.getPosition()
  const raw = error.message.replace(/, line:\d+, col:\d+$/, '')
  const filter = /^undefined filter: (.+)$/.exec(raw)
  const tag = /^tag "(.+)" not found$/.exec(raw)
  const message = filter ? `Unknown filter "${filter[1]}".` : tag ? `Unknown tag "${tag[1]}".` : `${raw.charAt(0).toUpperCase()}${raw.slice(1)}.`
  return { field, line, column, message, severity: 'error', code: 'syntax' }
}

function variableIssues(field: Field, templates: LiquidTemplate[], customKeys: ReadonlySet<string> | null): TemplateIssue[] {
  const engine = engineFor(field)
  const analysis = engine.analyzeSync(templates, { partials: false })
  const issues: TemplateIssue[] = []
  for (const variables of Object.values(analysis.globals)) {
    for (const variable of variables) {
      const message = unknownVariableMessage(variable.segments, variable.toString(), customKeys)
      if (message === null) continue
      issues.push({ field, line: variable.location.row, column: variable.location.col, message, severity: 'error', code: 'unknownVariable' })
    }
  }
  return issues.sort((a, b) => a.line - b.line || a.column - b.column)
}

function unknownVariableMessage(segments: ReadonlyArray<unknown>, path: string, customKeys: ReadonlySet<string> | null): string | null {
  const [root, second, third] = segments
  if (typeof root !== 'string' || !Object.hasOwn(KNOWN_MERGE_VARIABLES, root)) return unknownTag(path, knownPaths(customKeys))
  const fields = KNOWN_MERGE_VARIABLES[root]
  if (fields === null || fields === undefined) return segments.length > 1 ? `"${root}" has no fields: use {{ ${root} }}.` : null
  if (second === undefined) return `Use one of the fields of ${root}, such as {{ ${root}.${fields[0] ?? 'name'} }}.`
  if (typeof second !== 'string') return null
  if (!fields.includes(second)) return unknownTag(path, knownPaths(customKeys))
  if (root !== 'contact' || second !== 'custom') return null
  if (third === undefined) return 'Use a custom field, such as {{ contact.custom.<key> }}.'
  if (typeof third !== 'string' || customKeys === null || customKeys.has(third)) return null
  return unknownTag(path, knownPaths(customKeys))
}

function knownPaths(customKeys: ReadonlySet<string> | null): string[] {
  const paths: string[] = []
  for (const [root, fields] of Object.entries(KNOWN_MERGE_VARIABLES)) {
    if (fields === null) paths.push(root)
    else for (const field of fields) if (field !== 'custom') paths.push(`${root}.${field}`)
  }
  for (const key of customKeys ?? []) paths.push(`contact.custom.${key}`)
  return paths
}

function unknownTag(path: string, candidates: readonly string[]): string {
  let best: string | null = null
  let bestDistance = Infinity
  for (const candidate of candidates) {
    const distance = editDistance(path.toLowerCase(), candidate.toLowerCase())
    if (distance < bestDistance) {
      best = candidate
      bestDistance = distance
    }
  }
  const hint = best !== null && bestDistance <= Math.max(2, Math.floor(path.length / 4)) ? ` Did you mean {{ ${best} }}?` : ''
  return `Unknown merge tag {{ ${path} }}.${hint}`
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1)
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution))
    }
    previous = current
  }
  return previous[b.length] ?? 0
}

function positionOf(source: string, index: number): { line: number; column: number } {
  const before = source.slice(0, index)
  const line = before.split('\n').length
  return { line, column: index - before.lastIndexOf('\n') }
}

// ---------------------------------------------------------------------------------------------
// HTML helpers

/**
 * Stands in for Liquid markup while HTML tools (juice, html-to-text) work on the template, so
 * `{{ … }}` and `{% … %}` survive untouched whatever element or attribute they sit in.
 */
class LiquidTokens {
  private readonly prefix: string
  private readonly pattern: RegExp
  private readonly markup: string[] = []

  constructor(source: string) {
    let prefix = 'OUTPOSTLQ'
    while (source.toUpperCase().includes(prefix)) prefix += 'Q'
    this.prefix = prefix
    // Parsers lower-case attribute names and add ="" to bare ones; both still restore.
    this.pattern = new RegExp(`${prefix}(\\d+)Z(?:="")?`, 'gi')
  }

  add(markup: string): string {
    this.markup.push(markup)
    return `${this.prefix}${this.markup.length - 1}Z`
  }

  tokenize(source: string): string {
    return source.replace(/\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\}/g, (markup) => this.add(markup))
  }

  contains(value: string): boolean {
    return value.toUpperCase().includes(this.prefix)
  }

  restore(value: string): string {
    return value.replace(this.pattern, (token, index: string) => this.markup[Number(index)] ?? token)
  }
}

function preheaderElement(content: string): string {
  return `<div style="display:none;font-size:1px;line-height:1px;max-height:0;max-width:0;opacity:0;overflow:hidden;mso-hide:all">${content}</div>`
}

function insertAfterBodyStart(html: string, fragment: string): string {
  if (fragment === '') return html
  const body = /<body\b[^>]*>/i.exec(html)
  if (!body) return fragment + html
  const end = body.index + body[0].length
  return html.slice(0, end) + fragment + html.slice(end)
}

function insertBeforeBodyEnd(html: string, fragment: string): string {
  const end = html.toLowerCase().lastIndexOf('</body')
  return end === -1 ? html + fragment : html.slice(0, end) + fragment + html.slice(end)
}

function escapeOutsideLiquid(source: string): string {
  return source
    .split(/(\{\{[\s\S]*?\}\}|\{%[\s\S]*?%\})/g)
    .map((part, index) => (index % 2 === 1 ? part : escapeHtml(part)))
    .join('')
}

export function escapeHtml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;')
}

const NAMED_ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' }

function decodeHtmlEntities(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, body: string) => {
    if (!body.startsWith('#')) return NAMED_ENTITIES[body.toLowerCase()] ?? entity
    const hex = body[1] === 'x' || body[1] === 'X'
    const codePoint = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10)
    return codePoint > 0 && codePoint <= 0x10ffff ? String.fromCodePoint(codePoint) : entity
  })
}
