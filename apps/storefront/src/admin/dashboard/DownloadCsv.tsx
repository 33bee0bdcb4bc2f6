import type { TargetedMouseEvent } from 'preact';
import { useState } from 'preact/hooks';
import { queryString } from '../../shared/api/client';
import { errorText } from '../../shared/ui/error-text';
import { adminApi } from '../api';
import type { CsvFigure, DateRange } from '../types';

/**
 * "Download CSV": a link to the figure's CSV, fetched with the bearer token (a plain link
 * cannot send it) and handed to the browser as a file with the name the API gives it.
 */
export function DownloadCsv({ figure, range, label }: { readonly figure: CsvFigure; readonly range: DateRange; readonly label: string }) {
  const [state, setState] = useState<{ busy: boolean; problem?: string }>({ busy: false });
  const download = async (event: TargetedMouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    if (state.busy) return;
    setState({ busy: true });
    try {
      const { blob, fileName } = await adminApi.csv(figure, range);
      const url = URL.createObjectURL(blob);
      const link = document.createElement('a');
      link.href = url;
      link.download = fileName;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      setState({ busy: false });
    } catch (error) {
      setState({ busy: false, problem: errorText(error) });
    }
  };
  return (
    <span class="download-csv">
      <a
        class="button button-secondary button-small"
        href={`/analytics/${figure}${queryString({ ...range, format: 'csv' })}`}
        aria-label={`Download ${label} as CSV`}
        aria-busy={state.busy ? 'true' : undefined}
        onClick={(event) => void download(event)}
      >
        {state.busy ? 'Downloading…' : 'Download CSV'}
      </a>
      {state.problem && (
        <span class="field-error" role="alert">
          {state.problem}
        </span>
      )}
    </span>
  );
}
