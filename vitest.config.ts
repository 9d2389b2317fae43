import { resolve } from 'node:path'
import { defineConfig } from 'vitest/config'
import react from '@vitejs/plugin-react'
import { schemaValidatorsPlugin } from './scripts/schemaValidatorsPlugin'

const alias = { '@renderer': resolve('src/renderer/src'), '@core': resolve('src/core') }

export default defineConfig({
  test: {
    globals: true,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest.json' },
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'node',
          globals: true,
          environment: 'node',
          include: ['src/core/**/*.test.ts', 'src/main/**/*.test.ts', 'src/preload/**/*.test.ts', 'src/shared/**/*.test.ts', 'tests/unit/**/*.test.ts'],
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'server',
          globals: true,
          environment: 'node',
          include: ['sync-server/src/**/*.test.ts', 'tests/integration/**/*.test.ts'],
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        plugins: [react(), schemaValidatorsPlugin()],
        resolve: { alias },
        test: {
          name: 'renderer',
          globals: true,
          environment: 'jsdom',
          setupFiles: ['src/renderer/src/test/setup.ts'],
          testTimeout: 15_000,
          include: ['src/renderer/src/**/*.test.{ts,tsx}'],
        },
      },
    ],
  },
})
