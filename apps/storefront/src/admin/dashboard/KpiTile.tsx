const percent = new Intl.NumberFormat('en-AU', { style: 'percent', maximumFractionDigits: 1 });

interface KpiTileProps {
  readonly label: string;
  readonly value: string;
  /** Against the previous period (0.12 = +12 %); null when it had nothing; absent when not compared. */
  readonly change?: number | null;
  readonly previous?: string;
  readonly note?: string;
}

/** One headline figure, with how it moved against the previous period of the same length. */
export function KpiTile({ label, value, change, previous, note }: KpiTileProps) {
  const direction = change === undefined || change === null ? 'none' : change > 0 ? 'up' : change < 0 ? 'down' : 'flat';
  return (
    <li class="kpi-tile card">
      <p class="kpi-label">{label}</p>
      <p class="kpi-value">{value}</p>
      {change !== undefined && (
        <p class={`kpi-change kpi-${direction}`}>
          {change === null ? (
            <>Nothing in the previous period</>
          ) : (
            <>
              <span aria-hidden="true">{direction === 'up' ? '▲ ' : direction === 'down' ? '▼ ' : '= '}</span>
              <span class="visually-hidden">{direction === 'up' ? 'Up ' : direction === 'down' ? 'Down ' : 'No change, '}</span>
              {percent.format(Math.abs(change))} vs previous period
            </>
          )}
          {previous && change !== null && <span class="kpi-previous"> (was {previous})</span>}
        </p>
      )}
      {note && <p class="kpi-note muted">{note}</p>}
    </li>
  );
}

export const percentOf = (fraction: number | null): string => (fraction === null ? '–' : percent.format(fraction));
