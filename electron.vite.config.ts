import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { schemaValidatorsPlugin } from './scripts/schemaValidatorsPlugin'
import tailwindcss from '@tailwindcss/vite'

export default defineConfig({
  main: {
    build: { outDir: 'out/main' },
  },
  preload: {
    // The sandboxed preload can only require 'electron': bundle everything else into it.
    build: { outDir: 'out/preload', externalizeDeps: false, rollupOptions: { output: { format: 'cjs' } } },
  },
  renderer: {
    root: 'src/renderer',
    resolve: { alias: { '@renderer': resolve('src/renderer/src'), '@core': resolve('src/core') } },
    plugins: [react(), tailwindcss(), schemaValidatorsPlugin()],
    build: { outDir: 'out/renderer', rollupOptions: { input: resolve('src/renderer/index.html') } },
  },
})
