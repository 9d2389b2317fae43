// `npm run package` (after `npm run build`): electron-builder with electron-builder.yml; extra
// arguments pass through (`npm run package -- --linux AppImage`). Installers land in release/.
// OUTPOST_UPDATE_URL is where installed apps look for updates (electron-updater's generic provider:
// the latest*.yml files and installers from release/ go there). electron-builder.yml reads it from
// the environment, which has no default of its own, so the default is supplied here.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'

// A reserved name (RFC 2606) that never resolves: a build made without choosing an update server
// cannot fetch an "update" from a domain someone else might own.
const defaultUpdateUrl = 'https://updates.outpost.example/desktop'

const env = { ...process.env }
if (!env.OUTPOST_UPDATE_URL) {
  env.OUTPOST_UPDATE_URL = defaultUpdateUrl
  console.warn(`OUTPOST_UPDATE_URL is not set: these installers will look for updates at ${defaultUpdateUrl}, a placeholder that never resolves. Set it for a release.`)
}

const builderCli = createRequire(import.meta.url).resolve('electron-builder/cli.js')
const result = spawnSync(process.execPath, [builderCli, ...process.argv.slice(2)], { stdio: 'inherit', env })
process.exit(result.status ?? 1)
