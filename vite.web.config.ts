import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { defineConfig } from 'vite'
import react from '@vitejs/plugin-react'
import { schemaValidatorsPlugin } from './scripts/schemaValidatorsPlugin'
import tailwindcss from '@tailwindcss/vite'

// Browser mode: the same renderer in a plain browser, with platform/web.ts in place of the Electron bridge.
const { version } = JSON.parse(readFileSync(resolve('package.json'), 'utf8')) as { version: string }

export default defineConfig({
  root: 'src/renderer',
  define: { 'import.meta.env.VITE_APP_VERSION': JSON.stringify(version) },
  resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@core': resolve('src/core') } },
  plugins: [react(), tailwindcss(), schemaValidatorsPlugin()],
  server: { host: '127.0.0.1', port: 5173, strictPort: true },
  preview: { host: '127.0.0.1', port: 4173, strictPort: true },
  build: { outDir: resolve('dist-web'), emptyOutDir: true },
})
