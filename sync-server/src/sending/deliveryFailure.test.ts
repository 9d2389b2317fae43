import { describe, expect, it } from 'vitest'
import { classifyDeliveryError, retryDelayMs } from './deliveryFailure'

const smtpError = (responseCode: number, command: string, response: string) => Object.assign(new Error(response), { responseCode, command, response })

describe('classifyDeliveryError', () => {
  it('a 5xx to RCPT TO is a hard bounce', () => {
    expect(classifyDeliveryError(smtpError(550, 'RCPT TO', '550 5.1.1 No such user'))).toEqual({ kind: 'bounce', message: '550 5.1.1 No such user' })
  })

  it('a 4xx or a lost connection is temporary', () => {
    expect(classifyDeliveryError(smtpError(451, 'RCPT TO', '451 4.7.1 Try later')).kind).toBe('temporary')
    expect(classifyDeliveryError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ESOCKET' })).kind).toBe('temporary')
  })

  it('after DATA only a 5.1.x status names the mailbox; other 5xx fail the message without suppressing', () => {
    expect(classifyDeliveryError(smtpError(550, 'DATA', '550 5.1.1 User unknown')).kind).toBe('bounce')
    expect(classifyDeliveryError(smtpError(552, 'DATA', '552 5.3.4 Message too big')).kind).toBe('permanent')
  })

  it('a 5xx to MAIL FROM or AUTH is the sender’s setup: retried, nobody suppressed', () => {
    expect(classifyDeliveryError(smtpError(535, 'AUTH PLAIN', '535 Authentication failed')).kind).toBe('temporary')
    expect(classifyDeliveryError(smtpError(550, 'MAIL FROM', '550 Sender rejected')).kind).toBe('temporary')
  })
})

describe('retryDelayMs', () => {
  it('doubles per attempt up to the cap', () => {
    const middle = () => 0.5
    expect([1, 2, 3, 4, 10].map((attempts) => retryDelayMs(attempts, 1_000, 5_000, middle))).toEqual([1_000, 2_000, 4_000, 5_000, 5_000])
  })

  it('jitters within ±20%', () => {
    expect(retryDelayMs(1, 1_000, 5_000, () => 0)).toBe(800)
    expect(retryDelayMs(1, 1_000, 5_000, () => 1)).toBe(1_200)
  })
})
