import { expect, test, type Browser, type BrowserContext, type Page } from '@playwright/test'
import { createContact, editInlineField, escapeRegExp } from './helpers'

// Two browser contexts are two devices (separate IndexedDB, separate network switch) syncing
// through the real sync server that playwright.config.ts starts on an empty SQLite database.

const SYNC_URL = 'http://127.0.0.1:3199'
const PASSWORD = 'two devices, one truth'

interface Device {
  context: BrowserContext
  page: Page
}

let accountCounter = 0

function uniqueEmail(): string {
  accountCounter += 1
  return `sync-${Date.now()}-${accountCounter}@e2e.example`
}

async function openDevice(browser: Browser): Promise<Device> {
  const context = await browser.newContext()
  const page = await context.newPage()
  return { context, page }
}

function syncStatus(page: Page) {
  return page.locator('[data-sync-phase]')
}

async function fillServerAndCredentials(page: Page, email: string): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
}

async function signUp(page: Page, email: string): Promise<void> {
  await fillServerAndCredentials(page, email)
  await page.getByLabel('Name', { exact: true }).fill('Device owner')
  await page.getByLabel('Workspace name').fill('E2E sync')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(syncStatus(page)).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

async function logIn(page: Page, email: string): Promise<void> {
  await fillServerAndCredentials(page, email)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(syncStatus(page)).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

/** Two devices signed in to one new workspace. */
async function twoDevices(browser: Browser): Promise<[Device, Device]> {
  const email = uniqueEmail()
  const a = await openDevice(browser)
  const b = await openDevice(browser)
  await signUp(a.page, email)
  await logIn(b.page, email)
  return [a, b]
}

async function openContact(page: Page, search: string, fullName: string): Promise<void> {
  await page.goto('/#/contacts')
  await page.getByLabel('Search contacts').fill(search)
  await page.getByTestId('contact-row').filter({ hasText: fullName }).first().click()
  await expect(page.getByRole('heading', { level: 1, name: fullName })).toBeVisible()
}

function fieldButton(page: Page, label: string, value: string) {
  return page.getByRole('button', { name: new RegExp(`^${escapeRegExp(label)} ${escapeRegExp(value)}`) })
}

test.describe('sync between two devices', () => {
  test('a change on A appears on B without reload', async ({ browser }) => {
    const [a, b] = await twoDevices(browser)
    await b.page.goto('/#/contacts')
    await a.page.goto('/#/contacts')
    await createContact(a.page, { firstName: 'Grace', lastName: 'Hopper', email: 'grace@navy.example' })
    await expect(b.page.getByTestId('contact-row').filter({ hasText: 'Grace Hopper' })).toBeVisible()

    await openContact(b.page, 'grace', 'Grace Hopper')
    await editInlineField(a.page, 'Job title', 'Rear Admiral')
    await expect(fieldButton(b.page, 'Job title', 'Rear Admiral')).toBeVisible()
    await Promise.all([a.context.close(), b.context.close()])
  })

  test('offline edits of different fields on both devices both survive', async ({ browser }) => {
    const [a, b] = await twoDevices(browser)
    await a.page.goto('/#/contacts')
    await createContact(a.page, { firstName: 'Ada', lastName: 'Lovelace', email: 'ada@engine.example' })
    await openContact(b.page, 'lovelace', 'Ada Lovelace')

    await a.context.setOffline(true)
    await b.context.setOffline(true)
    await expect(syncStatus(a.page)).toHaveAttribute('data-sync-phase', 'offline')
    await expect(syncStatus(b.page)).toHaveAttribute('data-sync-phase', 'offline')

    await editInlineField(a.page, 'First name', 'Augusta')
    await editInlineField(b.page, 'Phone', '+44 20 7946 0000')
    await expect(syncStatus(a.page)).toContainText('1 change waiting')

    await a.context.setOffline(false)
    await b.context.setOffline(false)
    for (const device of [a, b]) {
      await expect(device.page.getByRole('heading', { level: 1, name: 'Augusta Lovelace' })).toBeVisible()
      await expect(fieldButton(device.page, 'Phone', '+44 20 7946 0000')).toBeVisible()
      await expect(syncStatus(device.page)).toHaveAttribute('data-sync-phase', 'synced')
    }
    await Promise.all([a.context.close(), b.context.close()])
  })

  test('a delete on one device and an offline edit on the other converge', async ({ browser }) => {
    const [a, b] = await twoDevices(browser)
    await a.page.goto('/#/contacts')
    await createContact(a.page, { firstName: 'Charles', lastName: 'Babbage', email: 'charles@engine.example' })
    await openContact(b.page, 'babbage', 'Charles Babbage')

    await b.context.setOffline(true)
    await editInlineField(b.page, 'Job title', 'Mathematician')
    await a.page.getByRole('button', { name: 'Delete', exact: true }).click()
    await a.page.getByRole('button', { name: 'Delete contact' }).click()
    await expect(a.page.getByRole('heading', { level: 1, name: 'Charles Babbage' })).toBeHidden()
    await expect(syncStatus(a.page)).toHaveAttribute('data-sync-phase', 'synced')

    await b.context.setOffline(false)
    // The delete is the later change to the contact's existence: it wins on both devices.
    for (const device of [a, b]) {
      await device.page.goto('/#/contacts')
      await device.page.getByLabel('Search contacts').fill('babbage')
      await expect(device.page.getByTestId('contact-row')).toHaveCount(0)
    }
    await expect(syncStatus(b.page)).toHaveAttribute('data-sync-phase', 'synced')
    await Promise.all([a.context.close(), b.context.close()])
  })

  test('1,000 changes made offline arrive after reconnecting', async ({ browser }) => {
    const [a, b] = await twoDevices(browser)
    await b.page.goto('/#/contacts')
    await a.context.setOffline(true)
    await a.page.goto('/#/settings')
    await a.page.locator('#demo-count').fill('1000')
    await a.page.getByRole('button', { name: 'Load demo data' }).click()
    await expect(a.page.getByRole('status').filter({ hasText: /^Done\./ })).toBeVisible({ timeout: 60_000 })
    await expect(syncStatus(a.page)).toHaveAttribute('data-sync-phase', 'offline')
    // 1,000 contacts plus the demo's companies, activities and custom fields, all still local.
    await expect
      .poll(async () => Number((await syncStatus(a.page).textContent())?.match(/([\d,]+) changes waiting/)?.[1]?.replaceAll(',', '') ?? 0))
      .toBeGreaterThanOrEqual(1000)
    await expect(b.page.getByRole('contentinfo')).toContainText('0 contacts')

    await a.context.setOffline(false)
    await expect(b.page.getByRole('contentinfo')).toContainText('1,000 contacts', { timeout: 60_000 })
    await expect(syncStatus(a.page)).toHaveAttribute('data-sync-phase', 'synced', { timeout: 60_000 })
    await Promise.all([a.context.close(), b.context.close()])
  })
})
