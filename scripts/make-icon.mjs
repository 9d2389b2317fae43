// Renders resources/icon.svg to resources/icon.png (1024x1024) with a headless Chromium.
// Usage: node scripts/make-icon.mjs [path-to-chromium]   (defaults to $CHROMIUM_PATH or /usr/bin/chromium)
import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import { chromium } from 'playwright-core'

const executablePath = process.argv[2] ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const svgPath = resolve('resources/icon.svg')
const pngPath = resolve('resources/icon.png')

const svg = await readFile(svgPath, 'utf8')
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] })
try {
  const page = await browser.newPage({ viewport: { width: 1024, height: 1024 }, deviceScaleFactor: 1 })
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`)
  await page.locator('svg').screenshot({ path: pngPath, omitBackground: true })
  console.log(`wrote ${pngPath}`)
} finally {
  await browser.close()
}
