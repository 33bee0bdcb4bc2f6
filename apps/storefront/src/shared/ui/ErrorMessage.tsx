import { errorText } from './error-text';

interface ErrorMessageProps {
  readonly error: unknown;
  /** Offer to try again (a failed read); left out when retrying cannot help. */
  readonly retry?: () => void;
  readonly title?: string;
}

/** A failure said plainly, with a way forward. */
export function ErrorMessage({ error, retry, title = 'Sorry, that did not work' }: ErrorMessageProps) {
  return (
    <div class="alert alert-error" role="alert">
      <p>
        <strong>{title}.</strong> {errorText(error)}
      </p>
      {retry && (
        <button type="button" class="button button-secondary button-small" onClick={retry}>
          Try again
        </button>
      )}
    </div>
  );
}
