import { useEffect, useRef, useState } from 'preact/hooks';
import type { Product } from '../../shared/api/types';
import { dateTime, grams, money } from '../../shared/format';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import type { PickBody, StaffOrderLine } from '../types';
import { pickText, preferenceText } from './pick-text';
import { SubstituteChooser } from './SubstituteChooser';

interface PickLineItemProps {
  readonly line: StaffOrderLine;
  readonly currency: string;
  /** Lines are recorded while the order is PICKING. */
  readonly pickable: boolean;
  /** The customer's chosen substitute product, when they named one. */
  readonly preferred?: Product;
  /** Said when recording this line did not work (a conflict, a refused substitute). */
  readonly problem?: { readonly error: unknown; readonly title: string; readonly conflict?: string };
  readonly record: (line: StaffOrderLine, body: PickBody) => Promise<boolean>;
}

/** One line of the order: what was ordered, the customer's preference, and how it was (or is to be) picked. */
export function PickLineItem({ line, currency, pickable, preferred, problem, record }: PickLineItemProps) {
  const [mode, setMode] = useState<'buttons' | 'substitute'>('buttons');
  const [weight, setWeight] = useState(String(line.estimatedGrams ?? ''));
  const [busy, setBusy] = useState(false);
  const heading = useRef<HTMLHeadingElement>(null);
  const headingId = `line-${line.productId}`;
  const weighed = line.soldBy === 'per_kg';
  const grams_ = Number(weight);
  const weightValid = !weighed || (Number.isInteger(grams_) && grams_ > 0);
  const wasPicked = useRef(line.picked !== undefined);

  useEffect(() => {
    // Once recorded (here or by someone else), keep the picker's place: focus moves to the line.
    if (line.picked && !wasPicked.current) heading.current?.focus();
    wasPicked.current = line.picked !== undefined;
  }, [line.picked]);

  const submit = async (body: PickBody) => {
    setBusy(true);
    try {
      if (await record(line, body)) setMode('buttons');
    } finally {
      setBusy(false);
    }
  };

  return (
    <li class={`pick-line card${line.picked ? ' pick-line-done' : ''}`} aria-labelledby={headingId}>
      <div class="pick-line-head">
        <h3 id={headingId} tabIndex={-1} ref={heading}>
          {line.quantity} × {line.name}
        </h3>
        <span class="pick-line-price">
          {weighed ? 'est. ' : ''}
          {money(line.lineTotalCents, currency)}
        </span>
      </div>
      <p class="pick-line-facts muted">
        {line.sku}
        {weighed && line.estimatedGrams !== undefined && line.pricePerKgCents !== undefined && (
          <>
            {' '}
            · Sold by weight: about {grams(line.estimatedGrams)} at {money(line.pricePerKgCents, currency)}/kg, at most{' '}
            {money(line.authorisedCents, currency)}
          </>
        )}
      </p>
      <p class="pick-preference">
        <span class="visually-hidden">Customer's substitution preference: </span>
        {preferenceText(line.substitute, preferred?.name)}
      </p>
      {line.picked && (
        <p class={`pick-outcome pick-${line.picked.result}`}>
          <strong>{pickText(line, line.picked, currency)}</strong>{' '}
          <span class="muted">
            by {line.picked.pickedBy}, {dateTime(line.picked.pickedAt)}
          </span>
        </p>
      )}
      {problem && (
        <div class="pick-problem">
          {problem.conflict ? (
            <div class="alert alert-warning" role="alert">
              <p>
                <strong>{problem.title}.</strong> {problem.conflict}
              </p>
            </div>
          ) : (
            <ErrorMessage error={problem.error} title={problem.title} />
          )}
        </div>
      )}
      {pickable && !line.picked && mode === 'buttons' && (
        <div class="pick-controls" role="group" aria-label={`Pick ${line.name}`}>
          {weighed && (
            <div class="field pick-weight">
              <label for={`grams-${line.productId}`}>Weight picked (g)</label>
              <input
                id={`grams-${line.productId}`}
                type="number"
                inputMode="numeric"
                min={1}
                step={1}
                value={weight}
                aria-invalid={weightValid ? undefined : 'true'}
                aria-describedby={weightValid ? undefined : `grams-${line.productId}-error`}
                onInput={(event) => setWeight(event.currentTarget.value)}
              />
              {!weightValid && (
                <span id={`grams-${line.productId}-error`} class="field-error">
                  Enter the weight in whole grams.
                </span>
              )}
            </div>
          )}
          <div class="actions">
            <button
              type="button"
              class="button button-small"
              disabled={busy || !weightValid}
              onClick={() => void submit(weighed ? { result: 'picked', grams: grams_ } : { result: 'picked' })}
            >
              Picked
            </button>
            <button
              type="button"
              class="button button-secondary button-small"
              disabled={busy || line.substitute === 'none'}
              title={line.substitute === 'none' ? 'The customer accepts no substitute' : undefined}
              onClick={() => setMode('substitute')}
            >
              Substituted…
            </button>
            <button type="button" class="button button-danger button-small" disabled={busy} onClick={() => void submit({ result: 'unavailable' })}>
              Not available
            </button>
          </div>
        </div>
      )}
      {pickable && !line.picked && mode === 'substitute' && (
        <SubstituteChooser line={line} preferred={preferred} busy={busy} onRecord={(body) => void submit(body)} onCancel={() => setMode('buttons')} />
      )}
    </li>
  );
}
