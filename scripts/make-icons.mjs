// Every icon the installers and the tray need, rendered from ONE source: resources/icon.svg.
//   resources/icon.icns               macOS app icon (16…1024, incl. @2x)
//   resources/icon.ico                Windows app icon (16…256)
//   resources/icons/<n>x<n>.png       Linux app icons (16…1024), electron-builder's linux.icon directory
//   resources/tray/trayTemplate.png   macOS menu bar glyph (black + alpha: macOS tints it), @2x beside it
//   resources/tray/tray.png           Linux/Windows tray icon (the tile, no margin), @2x beside it
//   resources/tray/tray.ico           Windows tray icon (Electron draws ICO sharper than PNG there)
// Usage: npm run icons   (the output is deterministic and checked in; rerun after editing icon.svg)
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Resvg } from '@resvg/resvg-js'
import png2icons from 'png2icons'

const resourcesDir = resolve(import.meta.dirname, '../resources')
const source = readFileSync(join(resourcesDir, 'icon.svg'), 'utf8')

const linuxIconSizes = [16, 24, 32, 48, 64, 128, 256, 512, 1024]

function renderPng(svg, size) {
  // Rendered per size from the vector, so small sizes stay crisp instead of being shrunk from 1024.
  return new Resvg(svg, { fitTo: { mode: 'width', value: size }, background: 'rgba(0,0,0,0)', font: { loadSystemFonts: false } })
    .render()
    .asPng()
}

function withViewBox(svg, viewBox) {
  return svg.replace(/<svg\b[^>]*>/, (root) =>
    root.replace(/\swidth="[^"]*"/, '').replace(/\sheight="[^"]*"/, '').replace(/viewBox="[^"]*"/, `viewBox="${viewBox}"`),
  )
}

/** The tray icon is the tile alone: at 16 px the app icon's margin and drop shadow would waste a third of it. */
function trayColorSvg(svg) {
  return withViewBox(svg.replace(/\sfilter="url\(#shadow\)"/, ''), '100 100 824 824')
}

/** A macOS template image is a silhouette: the #mark group, every paint turned black, cropped around it. */
function trayTemplateSvg(svg) {
  const mark = /<g id="mark">([\s\S]*?)<\/g>/.exec(svg)?.[1]
  if (!mark) throw new Error('resources/icon.svg has no <g id="mark"> group to draw the tray glyph from')
  const black = mark.replace(/\b(fill|stroke)="(?!none")[^"]*"/g, '$1="#000000"')
  // Square box around the mark (x 288–736, y 236–812) with a little air.
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="212 224 600 600">${black}</svg>`
}

function ensureIcon(buffer, what) {
  if (!buffer) throw new Error(`png2icons could not create ${what}`)
  return buffer
}

const master = renderPng(source, 1024)

writeFileSync(join(resourcesDir, 'icon.icns'), ensureIcon(png2icons.createICNS(master, png2icons.BICUBIC2, 0), 'icon.icns'))
// forWinExe: BMP below 64 px, PNG above, which every Windows shell and the exe resource table read.
writeFileSync(join(resourcesDir, 'icon.ico'), ensureIcon(png2icons.createICO(master, png2icons.BICUBIC2, 0, false, true), 'icon.ico'))

const linuxDir = join(resourcesDir, 'icons')
rmSync(linuxDir, { recursive: true, force: true })
mkdirSync(linuxDir, { recursive: true })
for (const size of linuxIconSizes) writeFileSync(join(linuxDir, `${size}x${size}.png`), renderPng(source, size))

const trayDir = join(resourcesDir, 'tray')
rmSync(trayDir, { recursive: true, force: true })
mkdirSync(trayDir, { recursive: true })
const template = trayTemplateSvg(source)
const color = trayColorSvg(source)
writeFileSync(join(trayDir, 'trayTemplate.png'), renderPng(template, 16))
writeFileSync(join(trayDir, 'trayTemplate@2x.png'), renderPng(template, 32))
writeFileSync(join(trayDir, 'tray.png'), renderPng(color, 16))
writeFileSync(join(trayDir, 'tray@2x.png'), renderPng(color, 32))
writeFileSync(join(trayDir, 'tray.ico'), ensureIcon(png2icons.createICO(renderPng(color, 256), png2icons.BICUBIC2, 0, false, true), 'tray.ico'))

console.log(`icons written to ${resourcesDir}: icon.icns, icon.ico, icons/ (${linuxIconSizes.join(', ')}), tray/`)
