import { pino } from 'pino'
import { HlcClock } from '@core/hlc'
import { createApp, REDACTED_PATHS } from './app'
import { SERVER_NODE } from './auth/memberDocs'
import { ConfigError, loadConfig } from './config'
import { SendingService } from './sending/sendingService'
import { ServerDocuments } from './serverDocuments'
import { createSendingConfigSource } from './sendingSettings/configSource'
import { startSmtpSink, type SmtpSink } from './sink/smtpSink'
import { openStorage } from './storage'
import { EventWindowPruner } from './tracking/eventWindow'
import { createStoredOutboundEvents } from './webhooks/storedOutboundEvents'
import { WebhookDispatcher } from './webhooks/webhookDispatcher'
import { createWebhookSecrets } from './webhooks/webhookSecrets'
import { WorkflowService } from './workflows/workflowService'

// The only file that listens: read config, open storage (migrating it), serve, shut down cleanly.

async function main(): Promise<void> {
  const config = loadConfig()
  const logger = pino({ level: config.logLevel, redact: { paths: REDACTED_PATHS, censor: '[redacted]' } })
  const storage = await openStorage(config.databaseUrl)
  // Without an SMTP server every workspace's mail goes to the embedded sink (Settings → Outbox).
  const sink: SmtpSink | null =
    config.smtpUrl === null ? await startSmtpSink({ store: storage.settings, logger: logger.child({ component: 'smtp-sink' }), port: config.sinkPort }) : null
  const sendingSettings = createSendingConfigSource({ storage, secret: config.secret, envSmtpUrl: config.smtpUrl, sink })
  // One HLC per process: the app's document writes and the sender's share it.
  const clock = new HlcClock(SERVER_NODE)
  // Webhook events from pushes, tracking, sending and workflows are queued here; the dispatcher sends them.
  const outboundEvents = createStoredOutboundEvents(storage.webhooks)
  const app = await createApp({ config, storage, logger, sendingSettings, clock, tracking: { machineWindowSeconds: config.machineWindowSeconds }, outboundEvents, webhooks: { allowPrivate: config.webhooksAllowPrivate } })
  await app.listen({ port: config.port, host: config.host })
  const documents = new ServerDocuments(storage, clock)
  const sending = new SendingService({
    storage,
    documents,
    configSource: sendingSettings,
    publicUrl: config.publicUrl,
    secret: config.secret,
    logger: logger.child({ component: 'sending' }),
    outboundEvents,
  })
  sending.start()
  const webhooks = new WebhookDispatcher({
    store: storage.webhooks,
    secrets: createWebhookSecrets(config.secret),
    allowPrivate: config.webhooksAllowPrivate,
    logger: logger.child({ component: 'webhooks' }),
  })
  webhooks.start()
  const workflows = new WorkflowService({
    storage,
    documents,
    configSource: sendingSettings,
    publicUrl: config.publicUrl,
    secret: config.secret,
    logger: logger.child({ component: 'workflows' }),
    clock,
    timeScale: config.workflowTimeScale,
    emailCapPerDay: config.workflowEmailCapPerDay,
    outboundEvents,
  })
  workflows.start()
  const eventWindow = new EventWindowPruner({
    storage,
    documents,
    windowDays: config.eventsWindowDays,
    onError: (error) => logger.error({ err: error }, 'pruning old event documents failed'),
  })
  eventWindow.start()
  logger.info({ storage: storage.kind, publicUrl: config.publicUrl }, `Outpost sync server on http://${config.host}:${config.port}`)

  let stopping = false
  const stop = async (signal: string) => {
    if (stopping) return
    stopping = true
    logger.info({ signal }, 'shutting down')
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    // First: messages in flight finish (the sink still running), unsent claims go back to the queue.
    await sending.stop()
    await workflows.stop()
    await eventWindow.stop()
    await webhooks.stop()
    await app.close()
    await sink?.close()
    await storage.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void stop('SIGTERM'))
  process.on('SIGINT', () => void stop('SIGINT'))
}

main().catch((error: unknown) => {
  // Config errors are the user's to fix: say what, without a stack trace.
  if (error instanceof ConfigError) console.error(`Outpost sync server: ${error.message}`)
  else console.error('Outpost sync server failed to start:', error)
  process.exit(1)
})
