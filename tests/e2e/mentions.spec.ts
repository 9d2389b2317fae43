import { expect, test, type APIRequestContext, type Browser, type Page } from '@playwright/test'
import { createContact } from './helpers'

// Two members on two devices (two browser contexts) through the real sync server that
// playwright.config.ts starts: Ana @mentions Bob in a comment on a contact; Bob's device shows
// the inbox item and the sidebar count after sync, and opening it leads to the contact.

const SYNC_URL = 'http://127.0.0.1:3199'
const PASSWORD = 'mention me maybe'

function syncStatus(page: Page) {
  return page.locator('[data-sync-phase]')
}

async function signUp(page: Page, name: string, workspace: string): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(`${name.split(' ')[0]?.toLowerCase()}-${Date.now()}@mentions.example`)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Name', { exact: true }).fill(name)
  await page.getByLabel('Workspace name').fill(workspace)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(syncStatus(page)).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

/**
 * A teammate's account that belongs to the inviter's workspace only (made through the API: sign
 * up, accept the invite, delete the workspace sign-up made). A device signing up on its own would
 * push its default settings items (fixed ids such as the default pipeline) into a second
 * workspace, which the server refuses because those ids already live in the first.
 */
async function teammateAccount(request: APIRequestContext, name: string, inviteCode: string): Promise<string> {
  const email = `${name.split(' ')[0]?.toLowerCase()}-${Date.now()}@mentions.example`
  const signup = await request.post(`${SYNC_URL}/api/auth/signup`, { data: { email, password: PASSWORD, name, workspaceName: `${name} alone` } })
  expect(signup.status()).toBe(201)
  const { token, workspaceId } = (await signup.json()) as { token: string; workspaceId: string }
  const accepted = await request.post(`${SYNC_URL}/api/invites/accept`, { headers: { authorization: `Bearer ${token}` }, data: { code: inviteCode } })
  expect(accepted.status()).toBe(200)
  const deleted = await request.delete(`${SYNC_URL}/api/workspace`, { headers: { authorization: `Bearer ${token}`, 'x-workspace-id': workspaceId } })
  expect(deleted.status()).toBe(204)
  return email
}

async function logIn(page: Page, email: string): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(email)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByRole('button', { name: 'Log in' }).click()
  await expect(syncStatus(page)).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

async function device(browser: Browser) {
  const context = await browser.newContext()
  return { context, page: await context.newPage() }
}

test('a mention in a comment reaches the mentioned member on another device', async ({ browser, request }) => {
  const ana = await device(browser)
  const bob = await device(browser)

  // Ana's workspace; Bob joins it with an invite code.
  await signUp(ana.page, 'Ana Lima', 'Mentions team')
  await ana.page.getByRole('button', { name: 'Create invite code' }).click()
  const code = (await ana.page.getByLabel(/Code for a new member/).textContent())?.trim() ?? ''
  expect(code).toMatch(/^[A-Z2-9]{5}(-[A-Z2-9]{5}){3}$/)
  await logIn(bob.page, await teammateAccount(request, 'Bob Smith', code))
  await expect(bob.page.getByRole('option', { name: 'Mentions team (Member)', selected: true })).toBeAttached()
  await bob.page.goto('/#/home')

  // Ana comments on a contact and mentions Bob from the popup, keyboard only.
  await ana.page.goto('/#/contacts')
  await createContact(ana.page, { firstName: 'Carl', lastName: 'Client', email: 'carl@client.example' })
  const contactUrl = ana.page.url()
  const box = ana.page.getByRole('combobox', { name: 'Comment' })
  await box.click()
  await box.pressSequentially('@bo')
  await expect(ana.page.getByRole('option', { name: /Bob Smith/ })).toBeVisible()
  await box.press('Enter')
  await expect(box).toHaveValue('@Bob Smith ')
  await box.pressSequentially('please call')
  await box.press('ControlOrMeta+Enter')
  await expect(box).toHaveValue('')
  const posted = ana.page.getByRole('article', { name: 'Comment: You' })
  await expect(posted).toContainText('@Bob Smith please call')
  // Commenting follows the record.
  await expect(ana.page.getByRole('button', { name: 'Following' })).toBeVisible()

  // Bob's device: the sidebar count, then the item, then the contact.
  const inboxLink = bob.page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: /^Inbox/ })
  await expect(inboxLink.getByTestId('inbox-unread')).toContainText('1', { timeout: 30_000 })
  await inboxLink.click()
  const item = bob.page.getByRole('button', { name: /^Unread: Ana Lima mentioned you on Carl Client/ })
  await expect(item).toBeVisible()
  await expect(item).toContainText('@Bob Smith please call')
  await item.click()
  await expect(bob.page.getByRole('heading', { level: 1, name: 'Carl Client' })).toBeVisible()
  expect(bob.page.url().split('#')[1]).toBe(contactUrl.split('#')[1])
  // Read on open: the count goes away, and the comment is on Bob's timeline with Ana as its author.
  await expect(inboxLink.getByTestId('inbox-unread')).toHaveCount(0)
  await expect(bob.page.getByRole('article', { name: 'Comment: Ana Lima' })).toContainText('@Bob Smith please call')

  await Promise.all([ana.context.close(), bob.context.close()])
})
