import { describe, expect, it } from 'vitest'
import { aContact } from '../testing/contactFixture'
import type { Company } from '../schema/companies'
import type { Contact } from '../schema/contacts'
import type { CustomFieldDefinition } from '../schema/settings'
import { checkTemplate, compileEmail, renderEmail, type CompiledEmail, type MergeData } from './emailTemplate'
import { MERGE_TAGS, mergeTagsFor } from './mergeTags'
import { previewHtml } from './previewDocument'

function contact(overrides: Partial<Contact> = {}): Contact {
  return aContact({ companyId: 'co1', tags: ['vip'], customFields: { plan: 'Pro' }, ...overrides })
}

const company: Company = {
  id: 'co1',
  name: 'Acme & Sons',
  domain: 'acme.test',
  industry: '',
  phone: '',
  city: 'Berlin',
  country: '',
  tags: [],
  createdAt: 0,
  updatedAt: 0,
  _clock: {},
}

function data(overrides: Partial<Contact> = {}): MergeData {
  return { contact: contact(overrides), company, campaign: { id: 'k1', name: 'Spring sale' }, unsubscribeUrl: 'https://out.test/u/tok?a=1&b=2' }
}

const HTML = `<!doctype html>
<html><head><style>.lead { color: #c00; }</style></head>
<body>
<p class="lead">Hello {{ contact.firstName | default: "there" }} from {{ company.name }}!</p>
<a href="https://shop.test/sale?utm=1&amp;x=2">Shop now</a>
<a href="https://blog.test/post">Read the post</a>
<a href="https://shop.test/sale?utm=1&x=2">Shop again</a>
<a href="mailto:help@acme.test">Write to us</a>
<p><a href="{{ unsubscribe_url }}">Unsubscribe</a></p>
</body></html>`

function compiled(html = HTML, subject = 'Hi {{ contact.firstName | default: "there" }}', preheader = 'The {{ campaign.name }} starts now'): CompiledEmail {
  const result = compileEmail({ subject, preheader, html })
  if (!result.ok) throw new Error(JSON.stringify(result.error))
  return result.value
}

describe('compileEmail and renderEmail', () => {
  it('renders merge tags with defaults', () => {
    const email = renderEmail(compiled(), data({ firstName: '' }))
    expect(email.subject).toBe('Hi there')
    expect(email.html).toContain('Hello there from Acme &amp; Sons!')
    expect(renderEmail(compiled(), data()).subject).toBe('Hi Ada')
  })

  it('escapes contact values in the HTML only', () => {
    const email = renderEmail(compiled(), data({ firstName: '<script>alert(1)</script>' }))
    expect(email.html).not.toContain('<script>')
    expect(email.html).toContain('Hello &lt;script&gt;alert(1)&lt;/script&gt;')
    expect(email.subject).toBe('Hi <script>alert(1)</script>')
    expect(email.text).toContain('Hello <script>alert(1)</script>')
  })

  it('keeps merged line breaks out of the subject', () => {
    expect(renderEmail(compiled(), data({ firstName: 'Ada\r\nBcc: x@y.z' })).subject).toBe('Hi Ada Bcc: x@y.z')
  })

  it('lists distinct tracked links in order and rewrites them by index, duplicates included', () => {
    const template = compiled()
    expect(template.links).toEqual(['https://shop.test/sale?utm=1&x=2', 'https://blog.test/post'])
    const email = renderEmail(template, data(), { linkUrl: (index) => `https://out.test/t/c/${index}` })
    expect(email.html.match(/href="https:\/\/out\.test\/t\/c\/0"/g)).toHaveLength(2)
    expect(email.html).toContain('href="https://out.test/t/c/1"')
    expect(email.html).toContain('href="mailto:help@acme.test"')
    expect(email.html).toContain('href="https://out.test/u/tok?a=1&amp;b=2"')
    expect(email.text).toContain('Shop now (https://out.test/t/c/0)')
    const untracked = renderEmail(template, data())
    expect(untracked.html).toContain('href="https://shop.test/sale?utm=1&amp;x=2"')
    expect(untracked.html).toContain('href="https://blog.test/post"')
  })

  it('does not track links personalised with merge tags', () => {
    const html = '<a href="https://x.test/?e={{ contact.email }}">Me</a><a href="{{ unsubscribe_url }}">u</a>'
    const template = compiled(html)
    expect(template.links).toEqual([])
    expect(renderEmail(template, data(), { linkUrl: () => 'https://tracked.test' }).html).toContain('href="https://x.test/?e=ada@example.com"')
  })

  it('inlines CSS from <style> into style attributes', () => {
    const email = renderEmail(compiled(), data())
    expect(email.html).toMatch(/<p class="lead" style="color: #c00;?">/)
    expect(email.html).not.toContain('<style>')
  })

  it('keeps Liquid blocks working after CSS inlining, also inside tables and attributes', () => {
    const html = `<style>td { padding: 4px }</style><table>{% for tag in contact.tags %}<tr><td>{{ tag }}</td></tr>{% endfor %}</table>
<p {% if contact.title != "" %}title="{{ contact.title }}"{% endif %}>x</p><a href="{{ unsubscribe_url }}">u</a>`
    const email = renderEmail(compiled(html), data({ tags: ['a', 'b'] }))
    expect(email.html).toContain('<tr><td style="padding: 4px;">a</td></tr><tr><td style="padding: 4px;">b</td></tr>')
    expect(email.html).toContain('title="Engineer"')
  })

  it('inserts the preheader hidden at the start of the body and the open pixel before its end', () => {
    const email = renderEmail(compiled(), data(), { openPixelUrl: 'https://out.test/t/o/abc' })
    expect(email.html).toMatch(/<body>\s*<div style="display:none;[^"]*">The Spring sale starts now<\/div>/)
    expect(email.html).toMatch(/<img src="https:\/\/out\.test\/t\/o\/abc" width="1" height="1"[^>]*\/><\/body>/)
    expect(renderEmail(compiled(), data()).html).not.toContain('<img')
  })

  it('generates a text part with rendered names and links', () => {
    const email = renderEmail(compiled(), data())
    expect(email.text).toContain('Hello Ada from Acme & Sons!')
    expect(email.text).toContain('Shop now (https://shop.test/sale?utm=1&x=2)')
    expect(email.text).toContain('Unsubscribe (https://out.test/u/tok?a=1&b=2)')
    expect(email.text).not.toContain('{{')
  })

  it('refuses templates that cannot render, with the line', () => {
    const result = compileEmail({ subject: 'x', preheader: '', html: '<p>\n{% if contact.firstName %}open' })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.error[0]).toMatchObject({ field: 'html', line: 2, severity: 'error' })
  })

  it('renders 1,000 messages from one compiled template', () => {
    const template = compiled()
    for (let i = 0; i < 1000; i++) {
      const email = renderEmail(template, data({ id: `c${i}`, firstName: `Person ${i}` }), { linkUrl: (index) => `https://out.test/c/${i}/${index}` })
      expect(email.subject).toBe(`Hi Person ${i}`)
      expect(email.html).toContain(`href="https://out.test/c/${i}/1"`)
    }
  })
})

describe('checkTemplate', () => {
  const customFields: CustomFieldDefinition[] = [
    { id: 'f1', kind: 'customField', key: 'plan', label: 'Plan', fieldType: 'text', options: [], position: 0, createdAt: 0, updatedAt: 0, _clock: {} },
  ]
  const valid = { subject: 'Hi {{ contact.firstName }}', preheader: '', html: '<a href="{{ unsubscribe_url }}">Unsubscribe</a>' }

  it('finds nothing wrong with a good template', () => {
    expect(checkTemplate({ ...valid, html: `${HTML}{{ contact.custom.plan }}` }, customFields)).toEqual([])
  })

  it('reports syntax errors, unknown tags and filters with their line and column', () => {
    expect(checkTemplate({ ...valid, html: `${valid.html}\n<p>\n  {% iff x %}</p>` })).toEqual([
      { field: 'html', line: 3, column: 3, message: 'Unknown tag "iff".', severity: 'error', code: 'syntax' },
    ])
    expect(checkTemplate({ ...valid, subject: 'Hi {{ contact.firstName | shout }}' })).toEqual([
      { field: 'subject', line: 1, column: 4, message: 'Unknown filter "shout".', severity: 'error', code: 'syntax' },
    ])
    const [unclosed] = checkTemplate({ ...valid, html: `${valid.html}\n\n{{ contact.email` })
    expect(unclosed).toMatchObject({ field: 'html', line: 3, column: 1, severity: 'error' })
  })

  it('reports unknown variables with a suggestion', () => {
    const issues = checkTemplate({ ...valid, html: `${valid.html}\n<p>{{ contact.fisrtName }} {{ contact.custom.plna }}</p>` }, customFields)
    expect(issues).toEqual([
      { field: 'html', line: 2, column: 7, message: 'Unknown merge tag {{ contact.fisrtName }}. Did you mean {{ contact.firstName }}?', severity: 'error', code: 'unknownVariable' },
      { field: 'html', line: 2, column: 31, message: 'Unknown merge tag {{ contact.custom.plna }}. Did you mean {{ contact.custom.plan }}?', severity: 'error', code: 'unknownVariable' },
    ])
    // Loop variables are the template's own, not merge tags.
    expect(checkTemplate({ ...valid, preheader: '{% for t in contact.tags %}{{ t }}{{ forloop.index }}{% endfor %}' })).toEqual([])
  })

  it('requires an unsubscribe link in an href and a subject', () => {
    const issues = checkTemplate({ subject: ' ', preheader: '', html: '<p>{{ unsubscribe_url }}</p>' })
    expect(issues.map((issue) => [issue.field, issue.line, issue.code])).toEqual([
      ['subject', 1, 'emptySubject'],
      ['html', 1, 'missingUnsubscribe'],
    ])
    expect(checkTemplate({ ...valid, html: "<a class='u' href='{{unsubscribe_url}}'>Stop</a>" })).toEqual([])
  })

  it('refuses partials that would read files', () => {
    expect(checkTemplate({ ...valid, html: `${valid.html}{% include "/etc/passwd" %}` })[0]).toMatchObject({ code: 'partial', line: 1 })
    expect(compileEmail({ ...valid, html: `${valid.html}{% render "x" %}` }).ok).toBe(false)
  })
})

describe('merge tags', () => {
  it('every snippet is a valid tag', () => {
    const tags = mergeTagsFor([{ id: 'f1', kind: 'customField', key: 'plan', label: 'Plan', fieldType: 'text', options: [], position: 0, createdAt: 0, updatedAt: 0, _clock: {} }])
    expect(tags).toContainEqual({ label: 'Plan', snippet: '{{ contact.custom.plan }}', group: 'Contact' })
    expect(tags.length).toBe(MERGE_TAGS.length + 1)
    const html = `<a href="{{ unsubscribe_url }}">u</a>${tags.map((tag) => tag.snippet).join(' ')}`
    expect(checkTemplate({ subject: 'x', preheader: '', html }, [])).toMatchObject([{ code: 'unknownVariable' }])
    expect(checkTemplate({ subject: 'x', preheader: '', html })).toEqual([])
  })
})

describe('previewHtml', () => {
  it('adds a strict CSP and strips scripts and event handlers', () => {
    const preview = previewHtml({
      subject: 's',
      text: '',
      html: '<html><head><title>t</title></head><body onload="x()"><script>alert(1)</script><img src="a.png" onerror = "y()"><a href="javascript:alert(2)">j</a><p>Join us online = fun</p><SCRIPT src="e.js"></SCRIPT></body></html>',
    })
    expect(preview).toContain(`<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data: https: http:; style-src 'unsafe-inline'">`)
    expect(preview.indexOf('Content-Security-Policy')).toBeLessThan(preview.indexOf('<title>'))
    expect(preview).not.toMatch(/<script|onload|onerror|javascript:/i)
    expect(preview).toContain('Join us online = fun')
  })

  it('works on a fragment without head or body', () => {
    const preview = previewHtml({ subject: 's', text: '', html: '<p onclick="x()">Hi</p>' })
    expect(preview.startsWith('<meta http-equiv="Content-Security-Policy"')).toBe(true)
    expect(preview).toContain('<p>Hi</p>')
  })
})
