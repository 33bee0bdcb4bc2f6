import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../../shared/api/client';
import type { SlotHold } from '../../shared/api/types';
import { countdown, day, money, timeRange } from '../../shared/format';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { checkout } from './checkout-store';

/** Below this many seconds left, the banner says to hurry (once, to screen readers too). */
const HURRY_SECONDS = 120;

function useSecondsLeft(expiresAt: string): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), 1000);
    return () => window.clearInterval(timer);
  }, []);
  return Math.max(0, Math.ceil((Date.parse(expiresAt) - now) / 1000));
}

interface HoldBannerProps {
  readonly hold: SlotHold;
  /** The hold ran out here, or the server says it has. */
  readonly onExpired: () => void;
}

/** The slot held for this checkout, the time left on the hold, and a one-time "keep it". */
export function HoldBanner({ hold, onExpired }: HoldBannerProps) {
  const secondsLeft = useSecondsLeft(hold.expiresAt);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(undefined);
  useEffect(() => {
    if (secondsLeft <= 0) onExpired();
  }, [secondsLeft <= 0]);

  const renew = async () => {
    setBusy(true);
    setFailure(undefined);
    try {
      checkout.update({ hold: await api.renewSlotHold(hold.id) });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'SLOT_HOLD_EXPIRED') onExpired();
      else if (error instanceof ApiError && error.code === 'SLOT_HOLD_RENEWED_ALREADY') checkout.update({ hold: { ...hold, renewalsLeft: 0 } });
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };
  const change = () => {
    // Give the slot back at once, so another customer can have it; the hold expires anyway if this fails.
    api.releaseSlotHold(hold.id).catch(() => undefined);
    checkout.update({ hold: null });
  };

  const hurry = secondsLeft <= HURRY_SECONDS;
  return (
    <div class={`alert ${hurry ? 'alert-warning' : ''}`}>
      <div class="hold">
        <div>
          <p>
            <strong>
              {day(hold.slot.start)}, {timeRange(hold.slot.start, hold.slot.end)}
            </strong>{' '}
            · delivery {hold.slot.feeCents === 0 ? 'free' : money(hold.slot.feeCents, hold.slot.currency)}
          </p>
          <p>
            Held for you for{' '}
            <span class="countdown" role="timer" aria-label={`${Math.ceil(secondsLeft / 60)} minutes left on your slot`}>
              {countdown(secondsLeft)}
            </span>
            .
          </p>
          <p role="status">{hurry ? 'Place your order soon: the hold is about to end.' : ''}</p>
        </div>
        <div class="actions">
          {hold.renewalsLeft > 0 && (
            <button type="button" class="button button-secondary button-small" onClick={() => void renew()} disabled={busy}>
              Keep it for longer
            </button>
          )}
          <button type="button" class="button button-quiet button-small" onClick={change}>
            Change slot
          </button>
        </div>
      </div>
      {failure !== undefined && <ErrorMessage error={failure} title="The hold was not extended" />}
    </div>
  );
}
