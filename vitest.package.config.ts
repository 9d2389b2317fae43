import { defineConfig } from 'vitest/config'

// The packaging tests (npm run test:package) run electron-builder, so they stay out of `npm run
// test:unit`; their JSON report is separate so neither run overwrites the other's.
export default defineConfig({
  test: {
    name: 'package',
    globals: true,
    environment: 'node',
    include: ['tests/packaging/**/*.test.ts'],
    // electron-builder and, when out/ is missing, `npm run build` take their time on 2 cores.
    testTimeout: 300_000,
    hookTimeout: 300_000,
    reporters: ['default', 'json'],
    outputFile: { json: 'test-results/vitest-package.json' },
  },
})
