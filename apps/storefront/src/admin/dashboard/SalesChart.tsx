import { useEffect, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { money } from '../../shared/format';
import { dayLabel } from '../days';
import type { SalesDay } from '../types';

const HEIGHT = 280;
/** The tokens' brand green and a dark amber that stays readable beside it. */
const REVENUE_COLOUR = '#0a7d36';
const AOV_COLOUR = '#7a4a00';

const seconds = (day: string): number => Date.parse(`${day}T00:00:00Z`) / 1000;
const dollars = (cents: number): string => money(cents * 100).replace(/\.00$/, '');

/** Revenue per day as bars, average order value as a line on its own axis (uPlot, canvas). */
export function SalesChart({ days }: { readonly days: readonly SalesDay[] }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const element = box.current;
    if (!element) return;
    const data: uPlot.AlignedData = [
      days.map((day) => seconds(day.day)),
      days.map((day) => day.revenueCents / 100),
      days.map((day) => (day.orders ? day.averageOrderValueCents / 100 : null)),
    ];
    const options: uPlot.Options = {
      width: Math.max(280, element.clientWidth),
      height: HEIGHT,
      // The figures are UTC days: label them as such, whatever the browser's zone.
      tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
      cursor: { drag: { x: false, y: false } },
      legend: { show: true },
      scales: {
        // Half a day either side, so the first and last bars are whole.
        x: { time: true, range: (_u, min, max) => [min - 43_200, max + 43_200] },
        revenue: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.1] },
        aov: { range: (_u, _min, max) => [0, Math.max(1, max) * 1.2] },
      },
      axes: [
        // Whole days only (the figures are per day): a tick every 1, 2, 7, 14 or 28 days.
        {
          stroke: '#4d5a53',
          grid: { show: false },
          // Room for "Thu 26 Nov" between ticks.
          space: 90,
          incrs: [1, 2, 7, 14, 28].map((days) => days * 86_400),
          values: (_u, ticks) => ticks.map((ts) => dayLabel(new Date(ts * 1000).toISOString().slice(0, 10)).replace(/^\w+ /, '')),
        },
        { scale: 'revenue', stroke: '#4d5a53', grid: { stroke: '#e3e7e4' }, values: (_u, ticks) => ticks.map(dollars), size: 64 },
        { scale: 'aov', side: 1, stroke: AOV_COLOUR, grid: { show: false }, values: (_u, ticks) => ticks.map(dollars), size: 56 },
      ],
      series: [
        { label: 'Day', value: (_u, ts) => (ts === null ? '' : dayLabel(new Date(ts * 1000).toISOString().slice(0, 10))) },
        {
          label: 'Revenue',
          scale: 'revenue',
          stroke: REVENUE_COLOUR,
          fill: 'rgba(10, 125, 54, 0.55)',
          width: 1,
          points: { show: false },
          paths: uPlot.paths.bars!({ size: [0.7, 48] }),
          value: (_u, value) => (value === null ? '–' : money(Math.round(value * 100))),
        },
        {
          label: 'Average order value',
          scale: 'aov',
          stroke: AOV_COLOUR,
          width: 2,
          points: { show: days.length <= 31, size: 5, fill: AOV_COLOUR },
          value: (_u, value) => (value === null ? '–' : money(Math.round(value * 100))),
        },
      ],
    };
    const plot = new uPlot(options, data, element);
    const resize = new ResizeObserver(() => plot.setSize({ width: Math.max(280, element.clientWidth), height: HEIGHT }));
    resize.observe(element);
    return () => {
      resize.disconnect();
      plot.destroy();
    };
  }, [days]);

  const total = days.reduce((sum, day) => sum + day.revenueCents, 0);
  const best = days.reduce<SalesDay | undefined>((top, day) => (!top || day.revenueCents > top.revenueCents ? day : top), undefined);
  const summary = `Sales per day, ${days.length} days: ${money(total)} in all${best && best.revenueCents > 0 ? `, highest on ${dayLabel(best.day)} (${money(best.revenueCents)})` : ''}. The table below has every day.`;
  return <div class="sales-chart" ref={box} role="img" aria-label={summary} />;
}
