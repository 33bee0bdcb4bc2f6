import { api } from '../../shared/api/client';
import { navigate } from '../../shared/router/router';
import { session } from '../../shared/stores/session';
import { paths } from '../paths';

/** Forget the customer here; after a Cognito sign-in, also end the hosted UI's session. */
export async function signOut(): Promise<void> {
  const via = session.current()?.via;
  session.clear();
  if (via === 'cognito') {
    try {
      const config = await api.authConfig();
      if (config.mode === 'cognito') {
        const url = new URL(config.logoutUrl);
        url.searchParams.set('client_id', config.clientId);
        url.searchParams.set('logout_uri', `${window.location.origin}/`);
        window.location.assign(url.href);
        return;
      }
    } catch {
      // The local session is gone either way; the hosted UI's ends on its own.
    }
  }
  navigate(paths.home);
}
