import '@testing-library/jest-dom/vitest'
import 'fake-indexeddb/auto'
import { configure } from '@testing-library/react'

// CI machines are shared and busy: a screen that takes over a second to show its first data is
// slow, not wrong. Failures still fail, just a little later.
configure({ asyncUtilTimeout: 3_000 })
