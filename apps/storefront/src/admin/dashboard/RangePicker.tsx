import type { TargetedEvent } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { dayCount, MAX_DAYS, PRESETS, presetRange, type RangeChoice } from './range';

interface RangePickerProps {
  readonly choice: RangeChoice;
  readonly onChange: (choice: RangeChoice) => void;
}

/** Last 7, 28 or 90 days at a click, or any from–to (UTC days, as the figures are kept). */
export function RangePicker({ choice, onChange }: RangePickerProps) {
  const [custom, setCustom] = useState(choice.preset === 'custom');
  const [from, setFrom] = useState(choice.range.from);
  const [to, setTo] = useState(choice.range.to);
  const [problem, setProblem] = useState<string | undefined>();
  useEffect(() => {
    setFrom(choice.range.from);
    setTo(choice.range.to);
  }, [choice.range.from, choice.range.to]);

  const apply = (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!from || !to) return setProblem('Choose both days.');
    if (from > to) return setProblem('The first day must be on or before the last.');
    if (dayCount({ from, to }) > MAX_DAYS) return setProblem(`A range is at most ${MAX_DAYS} days.`);
    setProblem(undefined);
    onChange({ preset: 'custom', range: { from, to } });
  };

  return (
    <div class="range-picker card">
      <div class="filter-group" role="group" aria-label="Date range">
        <div class="segmented">
          {PRESETS.map((days) => (
            <button
              key={days}
              type="button"
              aria-pressed={!custom && choice.preset === days}
              onClick={() => {
                setCustom(false);
                onChange({ preset: days, range: presetRange(days) });
              }}
            >
              Last {days} days
            </button>
          ))}
          <button type="button" aria-pressed={custom} aria-expanded={custom} aria-controls="custom-range" onClick={() => setCustom(true)}>
            Custom
          </button>
        </div>
      </div>
      <form id="custom-range" class="inline-form custom-range" hidden={!custom} onSubmit={apply} noValidate>
        <div class="field">
          <label for="range-from">From</label>
          <input id="range-from" type="date" value={from} max={to} onInput={(event) => setFrom(event.currentTarget.value)} />
        </div>
        <div class="field">
          <label for="range-to">To</label>
          <input id="range-to" type="date" value={to} min={from} onInput={(event) => setTo(event.currentTarget.value)} />
        </div>
        <div class="field">
          <button type="submit" class="button button-small">
            Show
          </button>
        </div>
        {problem && (
          <p class="field-error" role="alert">
            {problem}
          </p>
        )}
      </form>
    </div>
  );
}
