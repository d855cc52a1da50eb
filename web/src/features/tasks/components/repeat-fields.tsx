import { useId } from 'react';
import { Field } from '@/components/ui/field';
import { Options } from '@/components/ui/options';
import { WEEKDAY_NAMES, WEEKDAY_SHORT, WEEKDAYS } from '../api/recurrence';
import {
  monthlyChoices,
  REPEAT_END_LABELS,
  REPEAT_ENDS,
  REPEAT_KINDS,
  REPEAT_LABELS,
  REPEAT_UNITS,
  withKind,
  type RepeatDraft,
  type RepeatEnd,
  type RepeatKind,
} from '../api/repeat-draft';

interface RepeatFieldsProps {
  draft: RepeatDraft;
  /** The due date the form holds now: weekly and monthly rules start from its day. */
  due: Date | null;
  errors: Record<string, string>;
  onChange: (draft: RepeatDraft) => void;
}

/** The edit dialog's "Repeat" controls: the kind, every how many, which days, and the end. */
export function RepeatFields({ draft, due, errors, onChange }: RepeatFieldsProps) {
  const daysLabel = useId();
  const set = (changes: Partial<RepeatDraft>) => onChange({ ...draft, ...changes });
  const toggleDay = (day: (typeof WEEKDAYS)[number]) =>
    set({
      weekdays: draft.weekdays.includes(day)
        ? draft.weekdays.filter((chosen) => chosen !== day)
        : WEEKDAYS.filter((weekday) => weekday === day || draft.weekdays.includes(weekday)),
    });
  const repeats = draft.kind !== 'none';

  return (
    <>
      <div className="form-row">
        <Field label="Repeat" error={errors.repeat}>
          <select
            value={draft.kind}
            onChange={(event) => onChange(withKind(draft, event.target.value as RepeatKind, due))}
          >
            <Options values={REPEAT_KINDS} labels={REPEAT_LABELS} />
          </select>
        </Field>
        {draft.kind !== 'none' && (
          <Field label={`Every how many ${REPEAT_UNITS[draft.kind]}`} error={errors.interval}>
            <input
              type="number"
              inputMode="numeric"
              min={1}
              max={365}
              value={draft.interval}
              onChange={(event) => set({ interval: event.target.value })}
            />
          </Field>
        )}
      </div>
      {draft.kind === 'weekly' && (
        <div className="field">
          <p id={daysLabel} className="field-legend">
            On
          </p>
          <div
            role="group"
            aria-labelledby={daysLabel}
            aria-describedby={errors.weekdays ? `${daysLabel}-error` : undefined}
            className="chip-group"
          >
            {WEEKDAYS.map((day) => (
              <button
                key={day}
                type="button"
                className="chip"
                aria-label={WEEKDAY_NAMES[day]}
                aria-pressed={draft.weekdays.includes(day)}
                onClick={() => toggleDay(day)}
              >
                {WEEKDAY_SHORT[day]}
              </button>
            ))}
          </div>
          {errors.weekdays && (
            <p id={`${daysLabel}-error`} className="field-error">
              {errors.weekdays}
            </p>
          )}
        </div>
      )}
      {draft.kind === 'monthly' && (
        <Field label="On">
          <select
            value={JSON.stringify(draft.monthly)}
            onChange={(event) =>
              set({ monthly: JSON.parse(event.target.value) as RepeatDraft['monthly'] })
            }
          >
            {monthlyChoices(due, draft.monthly).map((choice) => (
              <option key={choice.value} value={choice.value}>
                {choice.label}
              </option>
            ))}
          </select>
        </Field>
      )}
      {repeats && (
        <div className="form-row">
          <Field label="Ends">
            <select
              value={draft.end}
              onChange={(event) => set({ end: event.target.value as RepeatEnd })}
            >
              <Options values={REPEAT_ENDS} labels={REPEAT_END_LABELS} />
            </select>
          </Field>
          {draft.end === 'until' && (
            <Field label="Last day" error={errors.until}>
              <input
                type="date"
                value={draft.until}
                onChange={(event) => set({ until: event.target.value })}
              />
            </Field>
          )}
          {draft.end === 'count' && (
            <Field label="Times left" hint="This one included" error={errors.count}>
              <input
                type="number"
                inputMode="numeric"
                min={1}
                max={1000}
                value={draft.count}
                onChange={(event) => set({ count: event.target.value })}
              />
            </Field>
          )}
        </div>
      )}
    </>
  );
}
