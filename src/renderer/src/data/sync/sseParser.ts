import { createParser, type EventSourceMessage } from 'eventsource-parser'

export type SseMessage = EventSourceMessage

export interface SseDecoder {
  /** Feeds raw bytes as they arrive; chunks may split lines, fields and multi-byte characters anywhere. */
  push(chunk: Uint8Array): void
  /** Flushes a trailing partial character; an event without its closing blank line is dropped, as EventSource does. */
  end(): void
}

/** Server-Sent Events from a byte stream: UTF-8 decoding across chunk borders, then eventsource-parser. */
export function createSseDecoder(onMessage: (message: SseMessage) => void, onComment?: (comment: string) => void): SseDecoder {
  const text = new TextDecoder('utf-8')
  const parser = createParser({ onEvent: onMessage, onComment })
  return {
    push(chunk) {
      const decoded = text.decode(chunk, { stream: true })
      if (decoded) parser.feed(decoded)
    },
    end() {
      const rest = text.decode()
      if (rest) parser.feed(rest)
      parser.reset()
    },
  }
}

/**
 * Reads an SSE body to its end, calling `onMessage` per event and `onActivity` per chunk
 * (comments such as the server's `: ping` included, so a silent dead connection can be told apart).
 */
export async function readSseBody(
  body: ReadableStream<Uint8Array>,
  onMessage: (message: SseMessage) => void,
  onActivity: () => void = () => undefined,
): Promise<void> {
  const decoder = createSseDecoder(onMessage)
  const reader = body.getReader()
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      onActivity()
      decoder.push(value)
    }
    decoder.end()
  } finally {
    reader.releaseLock()
  }
}
