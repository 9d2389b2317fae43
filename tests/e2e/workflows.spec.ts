import { expect, test, type Page } from '@playwright/test'
import { simpleParser, type ParsedMail } from 'mailparser'
import { SMTPServer } from 'smtp-server'
import { createContact } from './helpers'

// Marketing automation end to end, in browser mode against the real sync server that
// playwright.config.ts starts (workflow time runs 3,600 times faster there, and its SMTP URL
// points at the server this spec runs): build "contact created → send Welcome → wait → if
// clicked Welcome: tag engaged / else tag cold" in the builder, activate it, create two
// contacts, receive both welcome emails, click the link in one, and after the wait see the
// clicker tagged engaged and the other cold, and the runs panel count each step.
//
// The wait is 1 day (24 s at that scale), not 1 hour (1 s): the branch looks at clicks when
// the wait ends, and the click has to come from this test after the email arrived.

const SYNC_URL = 'http://127.0.0.1:3199'
const SMTP_PORT = 2599
const PASSWORD = 'workflows end to end'
const CHROME = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36'
const DOMAIN = `wf-${Date.now()}.example`

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

async function signUp(page: Page): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(`owner@${DOMAIN}`)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Name', { exact: true }).fill('Automation owner')
  await page.getByLabel('Workspace name').fill('E2E workflows')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expectSynced(page)
}

async function expectSynced(page: Page): Promise<void> {
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

/** The starter template, which links to https://example.com. */
async function createTemplate(page: Page, name: string): Promise<void> {
  await page.goto('/#/templates')
  await page.getByRole('button', { name: 'New template' }).first().click()
  await page.getByRole('textbox', { name: 'Template name' }).fill(name)
  await page.getByRole('textbox', { name: 'Subject' }).fill('Welcome aboard, {{ contact.firstName | default: "friend" }}')
  await page.getByRole('textbox', { name: 'From name' }).fill('Outpost E2E')
  await page.getByRole('combobox', { name: 'From email' }).fill(`hello@${DOMAIN}`)
  await expect(page.getByRole('status', { name: 'Template check' })).toContainText('No problems found')
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
}

async function addStep(page: Page, button: string, type: string): Promise<void> {
  await page.getByRole('button', { name: button }).click()
  await page.getByRole('menu', { name: 'Step type' }).getByRole('menuitem', { name: type }).click()
}

/** Builds the workflow in the builder and activates it; returns its id. */
async function buildWelcomeWorkflow(page: Page): Promise<string> {
  await page.goto('/#/workflows')
  await page.getByRole('button', { name: 'New workflow' }).first().click()
  const dialog = page.getByRole('dialog', { name: 'New workflow' })
  await dialog.getByRole('textbox', { name: 'Name' }).fill('Welcome flow')
  await dialog.getByRole('radio', { name: /Contact created/ }).check()
  await dialog.getByRole('button', { name: 'Create workflow' }).click()
  await expect(page).toHaveURL(/#\/workflows\/[0-9A-Z]{26}$/)
  const id = /#\/workflows\/([0-9A-Z]{26})/.exec(page.url())?.[1]
  if (!id) throw new Error(`no workflow id in ${page.url()}`)

  const inspector = page.getByRole('complementary', { name: 'Inspector' })
  await page.getByRole('button', { name: 'Add first step' }).click()
  await page.getByRole('menu', { name: 'Step type' }).getByRole('menuitem', { name: 'Send email' }).click()
  await inspector.getByRole('combobox', { name: 'Template' }).selectOption({ label: 'Welcome' })
  await expect(page.getByRole('group', { name: 'Send email: Send Welcome' })).toBeVisible()

  await addStep(page, 'Add step after Send Welcome', 'Wait')
  await inspector.getByRole('spinbutton', { name: 'Duration' }).fill('1')
  await inspector.getByRole('combobox', { name: 'Unit' }).selectOption('days')
  await expect(page.getByRole('group', { name: 'Wait: Wait 1 day' })).toBeVisible()

  await addStep(page, 'Add step after Wait 1 day', 'If / else')
  await inspector.getByRole('combobox', { name: 'Email step' }).selectOption({ label: 'Send Welcome' })
  await expect(page.getByRole('group', { name: 'If / else: If clicked Welcome' })).toBeVisible()

  await addStep(page, 'Add step on Yes of If clicked Welcome', 'Add tag')
  await inspector.getByRole('combobox', { name: 'Tag' }).fill('engaged')
  await addStep(page, 'Add step on No of If clicked Welcome', 'Add tag')
  await inspector.getByRole('combobox', { name: 'Tag' }).fill('cold')

  await expect(page.getByRole('status', { name: 'Checks' })).toContainText('No problems found')
  await expect(page.getByRole('status').filter({ hasText: 'All changes saved' })).toBeVisible()
  await page.getByRole('button', { name: 'Activate' }).click()
  await expect(page.getByText(/^Active/).first()).toBeVisible()
  await expectSynced(page)
  return id
}

/** A tag on the contact page, by its chip's remove button. */
function tag(page: Page, name: string) {
  return page.getByRole('button', { name: `Remove tag ${name}`, exact: true })
}

async function openContact(page: Page, name: string): Promise<void> {
  await page.goto('/#/contacts')
  await page.getByLabel('Search contacts').fill(name)
  await page.getByTestId('contact-row').filter({ hasText: name }).first().click()
  await expect(page.getByRole('heading', { level: 1, name })).toBeVisible()
}

test('a workflow built in the builder welcomes new contacts, waits, and tags the clicker engaged and the other cold', async ({ page, request }) => {
  test.setTimeout(300_000)
  const ann = `ann@${DOMAIN}`
  const bob = `bob@${DOMAIN}`

  await signUp(page)
  await createTemplate(page, 'Welcome')
  const workflowId = await buildWelcomeWorkflow(page)

  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Ann', lastName: 'Archer', email: ann })
  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Bob', lastName: 'Baker', email: bob })
  await expectSynced(page)

  // The server enrols both (contact created) and sends each the welcome email.
  await expect.poll(() => mailTo(ann).length + mailTo(bob).length, { timeout: 60_000, intervals: [250] }).toBe(2)
  const annMail = mailTo(ann)[0]
  expect(annMail?.subject).toBe('Welcome aboard, Ann')
  expect(mailTo(bob)[0]?.subject).toBe('Welcome aboard, Bob')

  // Ann follows the tracked link (as a person would: a browser, after the machine window).
  const link = /href="(http:\/\/127\.0\.0\.1:3199\/t\/c\/[^"]+)"/.exec(annMail?.html || '')?.[1]
  expect(link).toBeDefined()
  const clicked = await request.get(link as string, { headers: { 'user-agent': CHROME }, maxRedirects: 0 })
  expect(clicked.status()).toBe(302)
  expect(clicked.headers().location).toBe('https://example.com')

  // After the wait, the branch sends Ann down Yes and Bob down No; the tags sync to this device.
  await openContact(page, 'Ann Archer')
  await expect(tag(page, 'engaged')).toBeVisible({ timeout: 90_000 })
  await expect(tag(page, 'cold')).toHaveCount(0)
  // Her automations card (asked of the server) says she went through it.
  await expect(page.getByRole('list', { name: 'Workflows of this contact' })).toContainText(/Welcome flow\s*completed/, { timeout: 30_000 })
  await page.getByRole('region', { name: 'Automations' }).screenshot({ path: 'test-results/workflows-contact-card.png' })

  await openContact(page, 'Bob Baker')
  await expect(tag(page, 'cold')).toBeVisible({ timeout: 60_000 })
  await expect(tag(page, 'engaged')).toHaveCount(0)

  // No one got a second email: each step ran once per contact.
  expect(mailTo(ann)).toHaveLength(1)
  expect(mailTo(bob)).toHaveLength(1)

  // The runs panel shows the counts the server wrote: everyone passed each step on their path.
  await page.goto(`/#/workflows/${workflowId}`)
  await page.getByRole('tab', { name: 'Runs' }).click()
  const runs = page.getByRole('region', { name: 'Runs' })
  const figure = (label: string) => runs.locator('div', { has: page.locator('dt', { hasText: new RegExp(`^${label}$`) }) }).locator('dd')
  await expect(figure('Enrolled')).toHaveText('2', { timeout: 60_000 })
  await expect(figure('Completed')).toHaveText('2', { timeout: 60_000 })
  const passed = (name: RegExp) => runs.getByRole('row').filter({ has: page.getByRole('rowheader', { name }) }).getByRole('cell').nth(1)
  await expect(passed(/^Send Welcome/)).toHaveText('2')
  await expect(passed(/^Wait 1 day/)).toHaveText('2')
  await expect(passed(/^If clicked Welcome/)).toHaveText('2')
  await expect(passed(/^Yes/)).toHaveText('1')
  await expect(passed(/^No/)).toHaveText('1')

  // Ann's path, from the server: each step with what happened.
  await runs.getByRole('combobox', { name: "A contact's path" }).fill('Ann')
  await page.getByRole('option', { name: /Ann Archer/ }).click()
  const path = page.getByRole('region', { name: 'Path of Ann Archer' })
  await expect(path.getByRole('listitem')).toHaveCount(4)
  await expect(path).toContainText(/completed/)
  await page.screenshot({ path: 'test-results/workflows-runs.png', fullPage: true })
})
