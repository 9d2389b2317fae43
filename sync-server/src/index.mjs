// Placeholder until the sync-server issue: answers /healthz so `npm run dev` shows the shape of
// the final setup (desktop app + local sync server). Replication, tracking and sending come later.
import { createServer } from 'node:http'

const port = Number(process.env.PORT ?? 3100)
const host = process.env.HOST ?? '127.0.0.1'

const server = createServer((request, response) => {
  if (request.url === '/healthz') {
    response.writeHead(200, { 'content-type': 'application/json' })
    response.end(JSON.stringify({ ok: true, service: 'outpost-sync-server', mode: 'placeholder' }))
    return
  }
  response.writeHead(404, { 'content-type': 'application/json' })
  response.end(JSON.stringify({ error: 'not_found' }))
})

server.listen(port, host, () => console.log(`Outpost sync server (placeholder) on http://${host}:${port}`))
for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => server.close(() => process.exit(0)))
