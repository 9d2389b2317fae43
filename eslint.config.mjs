import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import reactHooks from 'eslint-plugin-react-hooks'
import globals from 'globals'

// Layer boundaries (ARCHITECTURE.md): checked by lint, not by goodwill.
const ourLayers = ['**/shared/**', '**/main/**', '**/preload/**', '**/renderer/**', '**/sync-server/**', '@renderer/*', '@renderer/**']

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'dist-web/**', 'node_modules/**', '**/node_modules/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Use named exports (STYLE.md).' }],
    },
  },
  {
    files: ['*.config.ts', '*.config.mjs', 'src/renderer/src/**/*.route.tsx'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    // Scripts that drive a browser: code inside page.evaluate runs in the page.
    files: ['bench/**/*.mjs', 'tests/e2e/**/*.ts', 'tests/electron/**/*.ts'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
  {
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: [...ourLayers, '**/shared', '**/main', '**/preload', '**/renderer', '**/sync-server', '../../*', 'electron', 'node:*', 'react', 'react-dom', 'rxdb', 'rxdb/**', 'dexie'], message: 'src/core is pure: it imports nothing of ours and no platform (DOM, Node, Electron, storage).' },
        ],
      }],
    },
  },
  {
    files: ['src/core/**/*.test.ts'],
    rules: { 'no-restricted-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    plugins: { 'react-hooks': reactHooks },
    rules: {
      ...reactHooks.configs.recommended.rules,
      'react-hooks/set-state-in-effect': 'off',
      'no-restricted-imports': ['error', {
        paths: [{ name: 'electron', message: 'The renderer never imports Electron; go through src/renderer/src/platform.' }],
        patterns: [
          { group: ['**/main/**', '**/src/main', '**/preload/**', 'node:*'], message: 'The renderer never imports the Electron main process, the preload or Node built-ins; go through src/renderer/src/platform.' },
          { group: ['**/sync-server/**'], message: 'The renderer never imports the sync server.' },
        ],
      }],
    },
  },
  {
    files: ['sync-server/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', '@renderer/*', '**/src/main/**', '**/preload/**', 'electron'], message: 'The sync server imports only src/core (as @core/*).' }] }],
    },
  },
  {
    files: ['src/main/**/*.ts', 'src/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [{ group: ['**/renderer/**', '@renderer/*'], message: 'main/preload import only src/shared.' }] }],
    },
  },
)
