import { useId, useMemo, useState } from 'react'
import type { Campaign } from '@core/schema'
import { commonTimeZones, epochToZonedParts, formatInTimeZone, zonedDateTimeToEpoch } from '@core/campaigns/scheduleTime'
import { inputClass } from '../../ui/Field'
import { deviceTimeZone } from './campaignDisplay'

export interface ScheduleStepProps {
  campaign: Pick<Campaign, 'scheduledAt' | 'timeZone'>
  locked: boolean
  now: number
  onChange: (schedule: { scheduledAt: number; timeZone: string }) => void
}

const DAY = 86_400_000

/** The form's starting values: the stored schedule, else tomorrow 09:00 in the campaign's (or device's) zone. */
function initialParts(campaign: ScheduleStepProps['campaign'], now: number): { date: string; time: string; zone: string } {
  const zone = campaign.timeZone || deviceTimeZone()
  if (campaign.scheduledAt > 0) return { ...epochToZonedParts(campaign.scheduledAt, zone), zone }
  return { date: epochToZonedParts(now + DAY, zone).date, time: '09:00', zone }
}

/** Step 3: send as soon as it is scheduled, or at a date and time in a chosen time zone. */
export function ScheduleStep({ campaign, locked, now, onChange }: ScheduleStepProps) {
  const id = useId()
  const [mode, setMode] = useState<'now' | 'later'>(campaign.scheduledAt > 0 ? 'later' : 'now')
  const [parts, setParts] = useState(() => initialParts(campaign, now))
  const zones = useMemo(() => {
    const list = commonTimeZones()
    const extra = [deviceTimeZone(), parts.zone].filter((zone) => !list.includes(zone))
    return [...new Set([...extra, ...list])]
  }, [parts.zone])

  const parsed = useMemo(() => zonedDateTimeToEpoch(parts.date, parts.time, parts.zone), [parts])

  const update = (next: typeof parts) => {
    setParts(next)
    const result = zonedDateTimeToEpoch(next.date, next.time, next.zone)
    // Only a complete, valid moment is saved; the message below says what is wrong otherwise.
    if (result.ok) onChange({ scheduledAt: result.value, timeZone: next.zone })
  }

  const chooseMode = (next: 'now' | 'later') => {
    setMode(next)
    if (next === 'now') onChange({ scheduledAt: 0, timeZone: parts.zone })
    else if (parsed.ok) onChange({ scheduledAt: parsed.value, timeZone: parts.zone })
  }

  const inPast = mode === 'later' && parsed.ok && parsed.value <= now
  const zoneDiffers = parts.zone !== deviceTimeZone()

  return (
    <fieldset disabled={locked} className="flex max-w-2xl flex-col gap-4">
      <legend className="mb-2 text-sm font-medium text-slate-900">When</legend>
      <div className="grid gap-3 sm:grid-cols-2">
        <ModeOption
          name={`${id}-mode`}
          checked={mode === 'now'}
          onSelect={() => chooseMode('now')}
          title="Send now"
          description="Starts as soon as you confirm on the Review step (and this device syncs)."
        />
        <ModeOption name={`${id}-mode`} checked={mode === 'later'} onSelect={() => chooseMode('later')} title="Schedule" description="Pick a date and time; the sync server sends it then." />
      </div>
      {mode === 'later' ? (
        <div className="rounded-lg border border-slate-200 bg-white p-4">
          <div className="grid gap-3 sm:grid-cols-[10rem_8rem_minmax(0,1fr)]">
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-date`} className="text-xs font-medium text-slate-600">
                Date
              </label>
              <input id={`${id}-date`} type="date" value={parts.date} onChange={(event) => update({ ...parts, date: event.target.value })} className={inputClass} aria-invalid={!parsed.ok} />
            </div>
            <div className="flex flex-col gap-1">
              <label htmlFor={`${id}-time`} className="text-xs font-medium text-slate-600">
                Time
              </label>
              <input id={`${id}-time`} type="time" value={parts.time} onChange={(event) => update({ ...parts, time: event.target.value })} className={inputClass} aria-invalid={!parsed.ok} />
            </div>
            <div className="flex min-w-0 flex-col gap-1">
              <label htmlFor={`${id}-zone`} className="text-xs font-medium text-slate-600">
                Time zone
              </label>
              <select id={`${id}-zone`} value={parts.zone} onChange={(event) => update({ ...parts, zone: event.target.value })} className={inputClass}>
                {zones.map((zone) => (
                  <option key={zone} value={zone}>
                    {zone.replaceAll('_', ' ')}
                    {zone === deviceTimeZone() ? ' (this device)' : ''}
                  </option>
                ))}
              </select>
            </div>
          </div>
          <div aria-live="polite" className="mt-3 text-sm">
            {!parsed.ok ? (
              <p role="alert" className="text-red-700">
                {parsed.error}
              </p>
            ) : (
              <>
                <p className="text-slate-700">
                  Sends <span className="font-medium text-slate-900">{formatInTimeZone(parsed.value, parts.zone)}</span>
                  {zoneDiffers ? (
                    <>
                      {' '}
                      — that is <span className="font-medium text-slate-900">{formatInTimeZone(parsed.value, deviceTimeZone())}</span> on this device.
                    </>
                  ) : (
                    '.'
                  )}
                </p>
                {inPast ? <p className="mt-1 text-amber-700">This time has passed. Pick a later one, or choose Send now.</p> : null}
              </>
            )}
          </div>
        </div>
      ) : null}
    </fieldset>
  )
}

function ModeOption({ name, checked, onSelect, title, description }: { name: string; checked: boolean; onSelect: () => void; title: string; description: string }) {
  return (
    <label
      className={`flex cursor-pointer gap-3 rounded-lg border bg-white p-3 has-[:disabled]:cursor-default ${checked ? 'border-accent-500 ring-2 ring-accent-100' : 'border-slate-200 hover:border-slate-300'}`}
    >
      <input type="radio" name={name} checked={checked} onChange={onSelect} className="mt-0.5 accent-accent-600" />
      <span>
        <span className="block text-sm font-medium text-slate-900">{title}</span>
        <span className="mt-0.5 block text-xs text-slate-600">{description}</span>
      </span>
    </label>
  )
}
