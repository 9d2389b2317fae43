import { createSseDecoder, readSseBody, type SseMessage } from './sseParser'

const encoder = new TextEncoder()

// A realistic stream: the server's greeting comment, RESYNC, a change batch with non-ASCII
// text (2-, 3- and 4-byte UTF-8), a ping, CRLF line endings and a multi-line data field.
const wire =
  ': hello\n\n' +
  'data: RESYNC\n\n' +
  'data: {"collection":"contacts","documents":[{"id":"1","firstName":"Zoë","city":"Zürich","note":"→ 🚀"}],"checkpoint":{"seq":7,"id":"1"}}\n\n' +
  ': ping\n\n' +
  'event: message\r\ndata: first line\r\ndata: second line\r\n\r\n'

const expected: SseMessage[] = [
  { data: 'RESYNC', event: undefined, id: undefined },
  {
    data: '{"collection":"contacts","documents":[{"id":"1","firstName":"Zoë","city":"Zürich","note":"→ 🚀"}],"checkpoint":{"seq":7,"id":"1"}}',
    event: undefined,
    id: undefined,
  },
  { data: 'first line\nsecond line', event: 'message', id: undefined },
]

function decodeChunks(chunks: Uint8Array[]): { messages: SseMessage[]; comments: string[] } {
  const messages: SseMessage[] = []
  const comments: string[] = []
  const decoder = createSseDecoder(
    (message) => messages.push(message),
    (comment) => comments.push(comment),
  )
  for (const chunk of chunks) decoder.push(chunk)
  decoder.end()
  return { messages, comments }
}

describe('SSE decoder', () => {
  const bytes = encoder.encode(wire)

  it('decodes the stream in one chunk', () => {
    const { messages, comments } = decodeChunks([bytes])
    expect(messages).toEqual(expected)
    expect(comments.map((comment) => comment.trim())).toEqual(['hello', 'ping'])
  })

  it('gives the same events wherever the bytes are split, including inside a UTF-8 character and a field name', () => {
    for (let at = 1; at < bytes.length; at++) {
      expect(decodeChunks([bytes.slice(0, at), bytes.slice(at)]).messages, `split at byte ${at}`).toEqual(expected)
    }
  })

  it('survives one byte per chunk', () => {
    expect(decodeChunks(Array.from(bytes, (byte) => Uint8Array.of(byte))).messages).toEqual(expected)
  })

  it('drops an event cut off before its closing blank line, as EventSource does', () => {
    const { messages } = decodeChunks([encoder.encode('data: RESYNC\n\ndata: {"half":')])
    expect(messages.map((message) => message.data)).toEqual(['RESYNC'])
  })
})

describe('readSseBody', () => {
  it('reads a fetch body to its end, reporting activity per chunk (pings included)', async () => {
    const chunks = [encoder.encode('data: RES'), encoder.encode('YNC\n\n: pi'), encoder.encode('ng\n\n')]
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        for (const chunk of chunks) controller.enqueue(chunk)
        controller.close()
      },
    })
    const messages: string[] = []
    const activity = vi.fn()
    await readSseBody(body, (message) => messages.push(message.data), activity)
    expect(messages).toEqual(['RESYNC'])
    expect(activity).toHaveBeenCalledTimes(3)
  })
})
