import { useEffect, useState } from 'preact/hooks';
import { api } from '../../shared/api/client';
import { Link } from '../../shared/router/Link';
import { navigate } from '../../shared/router/router';
import { session } from '../../shared/stores/session';
import { SkeletonLines } from '../../shared/ui/Skeleton';
import { usePageTitle } from '../../shared/ui/use-async';
import { finishCognitoSignIn } from '../auth/cognito';
import { paths } from '../paths';

/** Where Cognito's hosted UI sends the customer back with a code. */
export function SignInCallbackPage({ query }: { readonly query: URLSearchParams }) {
  usePageTitle('Signing in');
  const [failure, setFailure] = useState<string | undefined>();
  useEffect(() => {
    let live = true;
    api
      .authConfig()
      .then((config) => {
        if (config.mode !== 'cognito') throw new Error('This shop does not use the hosted sign-in page.');
        return finishCognitoSignIn(config, query);
      })
      .then(
        ({ session: signedIn, next }) => {
          session.signIn(signedIn);
          navigate(next, { replace: true });
        },
        (error: unknown) => live && setFailure(error instanceof Error ? error.message : 'Sign-in could not be completed.'),
      );
    return () => {
      live = false;
    };
    // The code can be traded once: run once per visit of this page.
  }, []);
  if (!failure) return <SkeletonLines lines={2} label="Signing you in" />;
  return (
    <div class="card">
      <h1>You are not signed in</h1>
      <div class="alert alert-error" role="alert">
        <p>{failure}</p>
      </div>
      <Link class="button" href={paths.signIn()}>
        Try again
      </Link>
    </div>
  );
}
