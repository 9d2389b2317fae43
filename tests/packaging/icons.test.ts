// The icons `npm run icons` renders from resources/icon.svg: every size each platform asks for.
import { readdirSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

const resources = resolve(__dirname, '../../resources')

function pngSize(file: string): { width: number; height: number } {
  const png = readFileSync(file)
  expect(png.subarray(0, 8).toString('hex'), `${file} is a PNG`).toBe('89504e470d0a1a0a')
  // IHDR is always the first chunk: width and height right after its type.
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) }
}

function icoSizes(file: string): number[] {
  const ico = readFileSync(file)
  expect(ico.readUInt16LE(0)).toBe(0)
  expect(ico.readUInt16LE(2), `${file} is an icon (type 1)`).toBe(1)
  const count = ico.readUInt16LE(4)
  // ICONDIRENTRY is 16 bytes; a width byte of 0 means 256.
  return Array.from({ length: count }, (_, index) => ico.readUInt8(6 + index * 16) || 256).sort((a, b) => a - b)
}

function icnsTypes(file: string): string[] {
  const icns = readFileSync(file)
  expect(icns.subarray(0, 4).toString('latin1')).toBe('icns')
  expect(icns.readUInt32BE(4), 'the length in the header is the file length').toBe(icns.length)
  const types: string[] = []
  for (let offset = 8; offset < icns.length; offset += icns.readUInt32BE(offset + 4)) types.push(icns.subarray(offset, offset + 4).toString('latin1'))
  return types
}

describe('app icons', () => {
  it('Linux: one PNG per size from 16 to 1024, each as large as its name says', () => {
    const files = readdirSync(join(resources, 'icons'))
    const sizes = files.map((file) => Number(/^(\d+)x\1\.png$/.exec(file)?.[1])).sort((a, b) => a - b)
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024])
    for (const size of sizes) expect(pngSize(join(resources, 'icons', `${size}x${size}.png`))).toEqual({ width: size, height: size })
  })

  it('Windows: icon.ico holds 16 to 256', () => {
    expect(icoSizes(join(resources, 'icon.ico'))).toEqual([16, 24, 32, 48, 64, 72, 96, 128, 256])
  })

  it('macOS: icon.icns holds 16 to 512 at 1x and 2x (up to 1024 pixels)', () => {
    // is32/il32: 16 and 32; ic07–ic10: 128, 256, 512, 1024; ic11–ic14: the @2x of 16, 32, 128, 256.
    expect(icnsTypes(join(resources, 'icon.icns')).sort()).toEqual(['ic07', 'ic08', 'ic09', 'ic10', 'ic11', 'ic12', 'ic13', 'ic14', 'il32', 'is32', 'l8mk', 's8mk'])
  })
})

describe('tray images', () => {
  it.each([
    ['trayTemplate.png', 16],
    ['trayTemplate@2x.png', 32],
    ['tray.png', 16],
    ['tray@2x.png', 32],
  ])('%s is %i pixels square', (file, size) => {
    expect(pngSize(join(resources, 'tray', file))).toEqual({ width: size, height: size })
  })

  it('tray.ico covers the Windows notification area sizes', () => {
    expect(icoSizes(join(resources, 'tray', 'tray.ico'))).toEqual(expect.arrayContaining([16, 24, 32, 48]))
  })
})
