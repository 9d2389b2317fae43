/** `^45.4.1` → `45.4.1`: the Electron version package.json pins, as a plain version for tools that want one. */
export function electronVersionFromRange(range: string | undefined): string {
  const version = /(\d+\.\d+\.\d+)/.exec(range ?? '')?.[1]
  if (!version) throw new Error(`Cannot read an Electron version from package.json devDependencies.electron (${JSON.stringify(range)})`)
  return version
}
