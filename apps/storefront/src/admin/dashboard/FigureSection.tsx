import type { ComponentChildren } from 'preact';
import type { CsvFigure, DateRange } from '../types';
import { DownloadCsv } from './DownloadCsv';

interface FigureSectionProps {
  readonly id: string;
  readonly title: string;
  readonly figure: CsvFigure;
  readonly range: DateRange;
  readonly children: ComponentChildren;
  readonly description?: string;
}

/** A titled figure of the dashboard with its CSV download. */
export function FigureSection({ id, title, figure, range, children, description }: FigureSectionProps) {
  return (
    <section class="figure card" aria-labelledby={id}>
      <div class="section-head figure-head">
        <h2 id={id}>{title}</h2>
        <DownloadCsv figure={figure} range={range} label={title.toLowerCase()} />
      </div>
      {description && <p class="muted">{description}</p>}
      {children}
    </section>
  );
}

/** A table that scrolls sideways on a narrow screen (and can be scrolled with the keyboard). */
export function ScrollTable({ label, children }: { readonly label: string; readonly children: ComponentChildren }) {
  return (
    <div class="table-scroll" role="region" aria-label={label} tabIndex={0}>
      <table class="lines-table data-table">{children}</table>
    </div>
  );
}
