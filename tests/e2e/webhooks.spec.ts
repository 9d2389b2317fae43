import { createHmac } from 'node:crypto'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { expect, test, type Page } from '@playwright/test'
import { createContact } from './helpers'

// Settings → Webhooks in browser mode against the real sync server playwright.config.ts starts
// (OUTPOST_WEBHOOKS_ALLOW_PRIVATE=1, so a receiver on 127.0.0.1 is allowed): register an endpoint,
// keep its secret, create a contact and receive the signed contact.created; send a test event and
// see it delivered in the log.

const SYNC_URL = 'http://127.0.0.1:3199'
const PASSWORD = 'webhooks end to end'
const DOMAIN = `e2e-hooks-${Date.now()}.example`

interface Received {
  headers: IncomingHttpHeaders
  body: string
}

const received: Received[] = []
let receiver: Server
let receiverUrl = ''

test.beforeAll(async () => {
  receiver = createServer((request, response) => {
    let body = ''
    request.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')))
    request.on('end', () => {
      received.push({ headers: request.headers, body })
      response.writeHead(204)
      response.end()
    })
  })
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve))
  receiverUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks/outpost`
})

test.afterAll(async () => {
  await new Promise<void>((resolve) => receiver.close(() => resolve()))
})

async function signUp(page: Page): Promise<void> {
  await page.goto('/#/settings')
  await page.getByLabel('Server URL').fill(SYNC_URL)
  await page.getByLabel('Email', { exact: true }).fill(`owner@${DOMAIN}`)
  await page.getByLabel('Password', { exact: true }).fill(PASSWORD)
  await page.getByLabel('Name', { exact: true }).fill('Webhook owner')
  await page.getByLabel('Workspace name').fill('E2E webhooks')
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.locator('[data-sync-phase]')).toHaveAttribute('data-sync-phase', 'synced', { timeout: 30_000 })
}

test('an admin registers an endpoint that then receives signed events', async ({ page }) => {
  await signUp(page)
  await page.goto('/#/settings/webhooks')
  const section = page.getByRole('region', { name: 'Webhooks' })
  await expect(section.getByText('No webhook endpoints yet')).toBeVisible()

  await section.getByRole('button', { name: 'Add endpoint' }).click()
  const dialog = page.getByRole('dialog', { name: 'Add webhook endpoint' })
  await dialog.getByLabel('Endpoint URL').fill(receiverUrl)
  await dialog.getByLabel('Description (optional)').fill('Local receiver')
  await dialog.screenshot({ path: test.info().outputPath('webhook-endpoint-dialog.png') })
  await dialog.getByRole('button', { name: 'Add endpoint' }).click()

  const secretDialog = page.getByRole('dialog', { name: 'Signing secret' })
  const secret = (await secretDialog.getByLabel('Signing secret').textContent())?.trim() ?? ''
  expect(secret).toMatch(/^whsec_/)
  await secretDialog.getByRole('button', { name: 'Done' }).click()
  await expect(section.getByRole('list', { name: 'Webhook endpoints' }).getByText(receiverUrl)).toBeVisible()

  await page.goto('/#/contacts')
  await createContact(page, { firstName: 'Hedy', lastName: 'Lamarr', email: `hedy@${DOMAIN}` })
  await expect.poll(() => received.filter((request) => request.headers['x-outpost-event'] === 'contact.created').length, { timeout: 20_000 }).toBe(1)
  const delivery = received.find((request) => request.headers['x-outpost-event'] === 'contact.created')
  const timestamp = String(delivery?.headers['x-outpost-timestamp'])
  const expected = `v1=${createHmac('sha256', secret).update(`${timestamp}.${delivery?.body ?? ''}`).digest('hex')}`
  expect(delivery?.headers['x-outpost-signature']).toBe(expected)
  expect(JSON.parse(delivery?.body ?? '{}')).toMatchObject({ type: 'contact.created', data: { firstName: 'Hedy', email: `hedy@${DOMAIN}` } })

  await page.goto('/#/settings/webhooks')
  await section.getByRole('button', { name: 'Send test' }).click()
  await expect(section.getByText(/Test event queued/)).toBeVisible()
  await expect(async () => {
    await section.getByRole('button', { name: 'Refresh', exact: true }).last().click()
    await expect(section.getByRole('table').getByText('Delivered')).toHaveCount(2)
    await expect(section.getByText('Contact updated', { exact: true }).first()).toBeVisible()
  }).toPass({ timeout: 20_000 })
  await section.screenshot({ path: test.info().outputPath('webhooks-section.png') })
})
