import type { WorkflowSettings } from '@core/schema'
import { Button } from '../../ui/Button'
import { RuleBuilder } from '../segments/RuleBuilder'
import { starterRules } from '../segments/ruleEdits'
import { CheckboxInput, PickerField } from './InspectorFields'
import type { BuilderChoices } from './useBuilderChoices'

const REENROL_CHOICES = [
  { value: 'never', label: 'Never: once per contact' },
  { value: 'after_exit', label: 'Again after they leave' },
]

/** Who may come back, when contacts leave early, and the goal that takes them out. */
export function WorkflowSettingsPanel({
  settings,
  choices,
  onChange,
}: {
  settings: WorkflowSettings
  choices: BuilderChoices
  onChange: (change: (settings: WorkflowSettings) => WorkflowSettings) => void
}) {
  return (
    <div className="mx-auto flex max-w-3xl flex-col gap-6 px-6 py-6">
      <section aria-labelledby="enrolment-heading" className="flex flex-col gap-3">
        <h2 id="enrolment-heading" className="text-sm font-semibold text-slate-900">
          Enrolment
        </h2>
        <div className="max-w-sm">
          <PickerField
            label="A contact may enter"
            value={settings.reenrol}
            options={REENROL_CHOICES}
            placeholder="Choose…"
            onChange={(value) => value && onChange((current) => ({ ...current, reenrol: value as WorkflowSettings['reenrol'] }))}
          />
        </div>
        <CheckboxInput
          label="Leave when the contact unsubscribes"
          hint="Emails are never sent to unsubscribed contacts either way; this also stops the other steps."
          checked={settings.exitOnUnsubscribe}
          onChange={(exitOnUnsubscribe) => onChange((current) => ({ ...current, exitOnUnsubscribe }))}
        />
      </section>
      <section aria-labelledby="goal-heading" className="flex flex-col gap-3">
        <div className="flex items-center gap-3">
          <h2 id="goal-heading" className="text-sm font-semibold text-slate-900">
            Goal
          </h2>
          {settings.goal ? (
            <Button
              size="sm"
              variant="danger-ghost"
              className="ml-auto"
              onClick={() =>
                onChange((current) => {
                  const { goal: _removed, ...rest } = current
                  return rest
                })
              }
            >
              Remove goal
            </Button>
          ) : null}
        </div>
        <p className="text-sm text-slate-600">A contact who matches the goal leaves the workflow at once (for example “became a customer”).</p>
        {settings.goal ? (
          <RuleBuilder rules={settings.goal} onChange={(change) => onChange((current) => (current.goal ? { ...current, goal: change(current.goal) } : current))} issues={new Map()} {...choices.rules} />
        ) : (
          <div>
            <Button onClick={() => onChange((current) => ({ ...current, goal: starterRules(choices.rules.descriptors) }))}>Add goal</Button>
          </div>
        )}
      </section>
    </div>
  )
}
