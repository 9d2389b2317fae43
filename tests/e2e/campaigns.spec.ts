import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { createContact } from './helpers'

// The whole campaign loop in browser mode against the real sync server that playwright.config.ts
// starts (OUTPOST_SMTP_URL points at the SMTP server this spec runs): build a segment, a template
// and a campaign in the app, schedule it in another time zone, receive the messages, open, click
// and unsubscribe as a recipient would, watch the report update, and send a second campaign that
// skips the unsubscribed contact.

const SYNC_URL = 'http://127.0.0.1:3199'
const SMTP_PORT = 2599
const PASSWORD = 'campaigns end to end'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36'
const SCHEDULE_ZONE = 'America/New_York'
const DOMAIN = `e2e-${Date.now()}.example`

const received: ParsedMail[] = []
let smtp: SMTPServer

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail)
          callback()
        })
        .catch(callback)
    },
  })
  await new Promise<void>((resolve) => smtp.listen(SMTP_PORT, '127.0.0.1', resolve))
})

test.afterAll(async () => {
  await new Promise<void>((resolve) => smtp.close(() => resolve()))
})

function mailTo(address: string): ParsedMail[] {
  return received.filter((mail) => mail.to !== undefined && !Array.isArray(mail.to) && mail.to.value.some((entry) => entry.address === address))
}

/** A header as sent (mailparser folds List-* headers into one structured `list` value). */
function header(mail: ParsedMail, name: string): string {
  const line = mail.headerLines.find((candidate) => candidate.key === name)?.line ?? ''
  return line.slice(line.indexOf(':') + 1).replace(/\r?\n\s+/g, ' ').trim()
}

async function signUp(page: Page): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(`owner@${DOMAIN}`)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Name', { exact: true }).fill('Campaign owner')
  await page.getByLabel('Workspace name').fill('E2E campaigns')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

async function createSegment(page: Page, name: string): Promise<void> {
  await page.goto('/#/segments')
  await page.getByRole('button', { name: 'New segment' }).first().click()
  await page.getByRole('textbox', { name: 'Segment name' }).fill(name)
  const condition = page.getByRole('group', { name: 'Condition' })
  await condition.getByRole('combobox', { name: 'Field' }).selectOption('contact.email')
  await condition.getByRole('combobox', { name: 'Operator' }).selectOption('contains')
  await condition.getByRole('textbox', { name: 'Value' }).fill(`@${DOMAIN}`)
  await expect(page.getByRole('status', { name: 'Audience' })).toContainText('2 contacts')
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
}

async function createTemplate(page: Page, name: string): Promise<void> {
  await page.goto('/#/templates')
  await page.getByRole('button', { name: 'New template' }).first().click()
  await page.getByRole('textbox', { name: 'Template name' }).fill(name)
  await page.getByRole('textbox', { name: 'Subject' }).fill('Hello {{ contact.firstName | default: "there" }}, spring is here')
  await page.getByRole('textbox', { name: 'From name' }).fill('Outpost E2E')
  await page.getByRole('combobox', { name: 'From email' }).fill(`news@${DOMAIN}`)
  await expect(page.getByRole('status', { name: 'Template check' })).toContainText('No problems found')
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
}

/** New campaign through audience → content → schedule; returns its id (from the URL). */
async function prepareCampaign(page: Page, name: string, segment: string, template: string): Promise<string> {
  await page.goto('/#/campaigns')
  await page.getByRole('button', { name: 'New campaign' }).first().click()
  await page.getByRole('textbox', { name: 'Campaign name' }).fill(name)
  await page.getByRole('textbox', { name: 'Campaign name' }).press('Enter')
  // The choices are saved to the local database, then shown as chosen.
  await choose(page.getByRole('radio', { name: new RegExp(`^${segment}`) }))
  await page.getByRole('button', { name: 'Continue to Content' }).click()
  await choose(page.getByRole('radio', { name: new RegExp(template) }))
  await page.getByRole('button', { name: 'Continue to Schedule' }).click()
  const id = /#\/campaigns\/([^/]+)/.exec(page.url())?.[1]
  if (!id) throw new Error(`no campaign id in ${page.url()}`)
  return id
}

async function choose(radio: Locator): Promise<void> {
  await radio.click()
  await expect(radio).toBeChecked()
}

/** The next whole minute at least 15 s away, as date and time on the wall clock of `zone`. */
function nextMinuteIn(zone: string): { at: number; date: string; time: string } {
  const at = Math.ceil((Date.now() + 15_000) / 60_000) * 60_000
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', { timeZone: zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
      .formatToParts(new Date(at))
      .map((part) => [part.type, part.value]),
  )
  return { at, date: `${parts.year}-${parts.month}-${parts.day}`, time: `${parts.hour}:${parts.minute}` }
}

function keyFigure(page: Page, label: string) {
  return page
    .getByLabel('Key figures')
    .locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) })
    .locator('dd')
    .first()
}

async function expectStatus(page: Page, status: string): Promise<void> {
  await expect(page.getByText(status, { exact: true }).first()).toBeVisible({ timeout: 90_000 })
}

async function hit(request: APIRequestContext, url: string) {
  return request.get(url, { headers: { 'user-agent': CHROME }, maxRedirects: 0 })
}

test('a scheduled campaign is sent, tracked, unsubscribed from, reported, and the next campaign skips the unsubscribed contact', async ({
  browser,
  request,
}) => {
  test.setTimeout(300_000)
  const context = await browser.newContext({ timezoneId: 'Europe/Berlin' })
  const page = await context.newPage()
  const ann = `ann@${DOMAIN}`
  const bob = `bob@${DOMAIN}`

  await signUp(page)
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Ann', lastName: 'Archer', email: ann })
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Bob', lastName: 'Baker', email: bob })
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Cy', lastName: 'Elsewhere', email: 'cy@other.example' })

  await createSegment(page, 'Spring audience')
  await createTemplate(page, 'Spring template')
  const campaignId = await prepareCampaign(page, 'Spring launch', 'Spring audience', 'Spring template')

  // Schedule in New York time from a Berlin device: the server sends at that instant.
  const when = nextMinuteIn(SCHEDULE_ZONE)
  await choose(page.getByRole('radio', { name: /^Schedule/ }))
  await page.getByRole('combobox', { name: 'Time zone' }).selectOption(SCHEDULE_ZONE)
  await page.getByRole('textbox', { name: 'Date' }).fill(when.date)
  await page.getByRole('textbox', { name: 'Time' }).fill(when.time)
  await expect(page.getByText(`(${SCHEDULE_ZONE})`).first()).toBeVisible()
  await page.getByRole('button', { name: 'Continue to Review' }).click()
  await page.getByRole('button', { name: 'Schedule campaign' }).click()
  await page.getByRole('dialog').getByRole('button', { name: 'Schedule', exact: true }).click()
  await expectStatus(page, 'Scheduled')

  await expect.poll(() => mailTo(ann).length + mailTo(bob).length, { timeout: 150_000, intervals: [500] }).toBe(2)
  const [annMail] = mailTo(ann)
  if (!annMail) throw new Error('no message for Ann')
  expect(annMail.date?.getTime() ?? 0).toBeGreaterThanOrEqual(when.at - 1_000)
  expect(annMail.subject).toBe('Hello Ann, spring is here')
  expect(annMail.html || '').toContain('Hi Ann')
  expect(annMail.text || '').toContain('Hi Ann')
  const listUnsubscribe = header(annMail, 'list-unsubscribe')
  expect(listUnsubscribe).toMatch(/<http:\/\/127\.0\.0\.1:3199\/u\/[^>]+>/)
  expect(listUnsubscribe).toContain('<mailto:')
  expect(header(annMail, 'list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click')
  expect(header(annMail, 'list-id')).toContain(campaignId)
  const messageIds = [...mailTo(ann), ...mailTo(bob)].map((mail) => mail.messageId)
  expect(new Set(messageIds).size).toBe(2)

  // The recipient opens the message and follows its link.
  const html = annMail.html || ''
  const pixel = /src="(http:\/\/127\.0\.0\.1:3199\/t\/o\/[^"]+)"/.exec(html)?.[1]
  const link = /href="(http:\/\/127\.0\.0\.1:3199\/t\/c\/[^"]+)"/.exec(html)?.[1]
  expect(pixel).toBeDefined()
  expect(link).toBeDefined()
  const opened = await hit(request, pixel as string)
  expect(opened.status()).toBe(200)
  expect(opened.headers()['content-type']).toBe('image/gif')
  const clicked = await hit(request, `${link as string}?url=https://evil.example/`)
  expect(clicked.status()).toBe(302)
  expect(clicked.headers().location).toBe('https://example.com')

  // Unsubscribe: the page alone changes nothing; the RFC 8058 one-click POST does.
  const unsubscribeUrl = /<(http:\/\/127\.0\.0\.1:3199\/u\/[^>]+)>/.exec(listUnsubscribe)?.[1] as string
  const page404 = await request.get(unsubscribeUrl.replace(/.$/, (last) => (last === 'A' ? 'B' : 'A')))
  expect(page404.status()).toBe(404)
  const confirmPage = await request.get(unsubscribeUrl)
  expect(confirmPage.status()).toBe(200)
  expect(await confirmPage.text()).toContain('Unsubscribe')
  const oneClick = await request.post(unsubscribeUrl, { form: { 'List-Unsubscribe': 'One-Click' }, maxRedirects: 0 })
  expect(oneClick.status()).toBe(200)

  // The report in the app follows, over sync.
  await page.goto(`/#/campaigns/${campaignId}/report`)
  await expect(keyFigure(page, 'Sent')).toHaveText('2', { timeout: 60_000 })
  await expect(keyFigure(page, 'Unique opens')).toHaveText('1', { timeout: 60_000 })
  await expect(keyFigure(page, 'Unsubscribes')).toHaveText('1', { timeout: 60_000 })
  await expect(page.getByRole('table').filter({ hasText: 'https://example.com' }).first()).toBeVisible()
  await expectStatus(page, 'Sent')

  // Ann is unsubscribed everywhere: her page says so and the next campaign skips her.
  await page.goto('/#/contacts')
  await page.getByLabel('Search contacts').fill('Ann')
  await page.getByTestId('contact-row').filter({ hasText: 'Ann Archer' }).first().click()
  await expect(page.getByRole('region', { name: 'Email engagement' }).getByText('Unsubscribed', { exact: true })).toBeVisible({ timeout: 30_000 })

  await prepareCampaign(page, 'Spring follow-up', 'Spring audience', 'Spring template')
  await choose(page.getByRole('radio', { name: /^Send now/ }))
  await page.getByRole('button', { name: 'Continue to Review' }).click()
  await expect(page.getByText('1 contact · 1 excluded')).toBeVisible()
  await page.getByRole('button', { name: 'Send now' }).click()
  await expect(page.getByRole('dialog')).toContainText('Send to 1 contact now?')
  await page.getByRole('dialog').getByRole('button', { name: 'Send now' }).click()
  await expect.poll(() => mailTo(bob).length, { timeout: 90_000, intervals: [500] }).toBe(2)
  await expectStatus(page, 'Sent')
  expect(mailTo(ann)).toHaveLength(1)
  await context.close()
})
