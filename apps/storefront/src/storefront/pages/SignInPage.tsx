import type { TargetedEvent } from 'preact';
import { useState } from 'preact/hooks';
import { api, ApiError } from '../../shared/api/client';
import type { AuthConfig, LocalRole } from '../../shared/api/types';
import { Link } from '../../shared/router/Link';
import { isBackOfficePath, navigate } from '../../shared/router/router';
import { session, useSession } from '../../shared/stores/session';
import { ErrorMessage } from '../../shared/ui/ErrorMessage';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { useAsync, usePageTitle } from '../../shared/ui/use-async';
import { startCognitoSignIn } from '../auth/cognito';
import { signOut } from '../auth/sign-out';
import { paths } from '../paths';

/** What the local issuer accepts as a name (api-contract). */
const NAME = /^[A-Za-z0-9 _-]{1,40}$/;

/** Only same-site paths: `next` comes from the URL and must not send the customer elsewhere. */
const safeNext = (next: string | undefined): string => (next && next.startsWith('/') && !next.startsWith('//') ? next : paths.home);

/** Sign in: a name on the local development issuer, or Cognito's hosted UI in AWS. */
export function SignInPage({ next }: { readonly next?: string }) {
  usePageTitle('Sign in');
  const signedIn = useSession();
  const config = useAsync(
    () =>
      api.authConfig().catch((error: unknown) => {
        // A server without /auth/config signs in locally (or says that it cannot).
        if (error instanceof ApiError && error.code === 'ROUTE_NOT_FOUND') return { mode: 'local' } satisfies AuthConfig;
        throw error;
      }),
    [],
  );
  const target = safeNext(next);

  if (signedIn) {
    return (
      <div class="card">
        <h1>You are signed in</h1>
        <p>Signed in as {signedIn.name}.</p>
        <div class="actions">
          <Link class="button" href={target}>
            Continue shopping
          </Link>
          <button type="button" class="button button-secondary" onClick={() => void signOut()}>
            Sign out
          </button>
        </div>
      </div>
    );
  }
  return (
    <div class="card narrow">
      <h1>Sign in</h1>
      {config.status === 'loading' && <SkeletonLines lines={2} label="Loading sign-in" />}
      {config.status === 'error' && <ErrorMessage error={config.error} retry={config.reload} />}
      {config.status === 'ready' && config.value.mode === 'cognito' && (
        <>
          <p>You will sign in on Go Mart's secure sign-in page and come straight back here.</p>
          <button type="button" class="button" onClick={() => void startCognitoSignIn(config.value as Extract<AuthConfig, { mode: 'cognito' }>, target)}>
            Continue to sign in
          </button>
        </>
      )}
      {config.status === 'ready' && config.value.mode === 'local' && <LocalSignInForm next={target} />}
    </div>
  );
}

/** Signing in for the back office (/admin): the development sign-in also asks for the role. */
const forBackOffice = (next: string): boolean => isBackOfficePath(next.split('?', 1)[0] ?? '');

function LocalSignInForm({ next }: { readonly next: string }) {
  const staffSignIn = forBackOffice(next);
  const [name, setName] = useState('');
  const [role, setRole] = useState<LocalRole>(staffSignIn ? 'staff' : 'customer');
  const [problem, setProblem] = useState<string | undefined>();
  const [failure, setFailure] = useState<unknown>(undefined);
  const [sending, setSending] = useState(false);

  const submit = async (event: TargetedEvent<HTMLFormElement>) => {
    event.preventDefault();
    const trimmed = name.trim();
    if (!NAME.test(trimmed)) {
      setProblem('Enter a name of up to 40 letters, digits, spaces, dashes or underscores.');
      return;
    }
    setProblem(undefined);
    setFailure(undefined);
    setSending(true);
    try {
      const answer = await api.localSignIn(trimmed, role);
      session.signIn({ ...answer, via: 'local' });
      navigate(next);
    } catch (error) {
      setFailure(error);
    } finally {
      setSending(false);
    }
  };

  const unavailable = failure instanceof ApiError && failure.code === 'ROUTE_NOT_FOUND';
  return (
    <form onSubmit={(event) => void submit(event)} noValidate>
      <p class="muted">
        {staffSignIn
          ? 'Development sign-in for the back office: choose any name and a role.'
          : 'Development sign-in: choose any customer name. Signing in again with the same name shows the same orders.'}
      </p>
      <div class="field">
        <label for="signin-name">Your name</label>
        <input
          id="signin-name"
          name="name"
          autocomplete="username"
          value={name}
          onInput={(event) => setName(event.currentTarget.value)}
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? 'signin-name-error' : undefined}
          required
          maxLength={40}
        />
        {problem && (
          <span id="signin-name-error" class="field-error">
            {problem}
          </span>
        )}
      </div>
      {staffSignIn && (
        <div class="field">
          <label for="signin-role">Role</label>
          <select id="signin-role" name="role" value={role} onChange={(event) => setRole(event.currentTarget.value as LocalRole)}>
            <option value="staff">Store staff</option>
            <option value="admin">Admin</option>
            <option value="customer">Customer</option>
          </select>
        </div>
      )}
      {unavailable && (
        <div class="alert alert-error" role="alert">
          <p>Sign-in is not available on this server.</p>
        </div>
      )}
      {failure !== undefined && !unavailable && <ErrorMessage error={failure} title="You are not signed in" />}
      <button type="submit" class="button" disabled={sending}>
        {sending ? 'Signing in…' : 'Sign in'}
      </button>
    </form>
  );
}
