import { vi } from 'vitest'

// Tests only: what the app hands to a download link, instead of saving files.

export interface CapturedDownloads {
  files: { name: string; blob: Blob }[]
  restore: () => void
}

export function captureDownloads(): CapturedDownloads {
  const files: { name: string; blob: Blob }[] = []
  let lastBlob: Blob | null = null
  Object.assign(URL, {
    createObjectURL: vi.fn((blob: Blob) => {
      lastBlob = blob
      return 'blob:download'
    }),
    revokeObjectURL: vi.fn(),
  })
  const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
    if (lastBlob) files.push({ name: this.download, blob: lastBlob })
  })
  return { files, restore: () => click.mockRestore() }
}

/** jsdom's Blob has no text(); FileReader reads it. */
export function readBlob(blob: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(String(reader.result))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsText(blob)
  })
}

/** The blob's bytes (readAsText would drop a byte-order mark). */
export function readBlobBytes(blob: Blob): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onload = () => resolve(new Uint8Array(reader.result as ArrayBuffer))
    reader.onerror = () => reject(reader.error ?? new Error('read failed'))
    reader.readAsArrayBuffer(blob)
  })
}
