import type { AuthConfig } from '../../shared/api/types';
import type { Session } from '../../shared/stores/session';

/**
 * Sign-in with Cognito's hosted UI: authorization code with PKCE (RFC 7636), so no client secret
 * lives in the browser and an intercepted code is useless without this tab's verifier.
 */
type CognitoConfig = Extract<AuthConfig, { mode: 'cognito' }>;

const PENDING_KEY = 'gomart.pkce.v1';

interface Pending {
  readonly verifier: string;
  readonly state: string;
  readonly next: string;
}

function randomString(bytes: number): string {
  return base64Url(crypto.getRandomValues(new Uint8Array(bytes)));
}

function base64Url(data: Uint8Array): string {
  let text = '';
  for (const byte of data) text += String.fromCharCode(byte);
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const redirectUri = (config: CognitoConfig) => `${window.location.origin}${config.redirectPath}`;

/** Sends the browser to the hosted UI; it comes back to the redirect path with a code. */
export async function startCognitoSignIn(config: CognitoConfig, next: string): Promise<void> {
  const pending: Pending = { verifier: randomString(48), state: randomString(24), next };
  sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending));
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(pending.verifier));
  const url = new URL(config.authorizeUrl);
  url.searchParams.set('response_type', 'code');
  url.searchParams.set('client_id', config.clientId);
  url.searchParams.set('redirect_uri', redirectUri(config));
  url.searchParams.set('scope', config.scopes.join(' '));
  url.searchParams.set('state', pending.state);
  url.searchParams.set('code_challenge', base64Url(new Uint8Array(digest)));
  url.searchParams.set('code_challenge_method', 'S256');
  window.location.assign(url.href);
}

function readPending(): Pending | undefined {
  try {
    const value = JSON.parse(sessionStorage.getItem(PENDING_KEY) ?? 'null') as Pending | null;
    return value && typeof value.verifier === 'string' && typeof value.state === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}

function claims(jwt: string): Record<string, unknown> {
  const part = jwt.split('.')[1] ?? '';
  const binary = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
  const json = new TextDecoder().decode(Uint8Array.from(binary, (char) => char.charCodeAt(0)));
  return JSON.parse(json) as Record<string, unknown>;
}

/** Trades the code for tokens at the token endpoint; the access token is what the API verifies. */
export async function finishCognitoSignIn(config: CognitoConfig, query: URLSearchParams): Promise<{ session: Session; next: string }> {
  const pending = readPending();
  sessionStorage.removeItem(PENDING_KEY);
  const error = query.get('error_description') ?? query.get('error');
  if (error) throw new Error(`Sign-in was not completed: ${error}`);
  const code = query.get('code');
  if (!pending || !code || query.get('state') !== pending.state) {
    throw new Error('This sign-in link has expired or was not started here. Please sign in again.');
  }
  const response = await fetch(config.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      client_id: config.clientId,
      code,
      redirect_uri: redirectUri(config),
      code_verifier: pending.verifier,
    }).toString(),
  });
  if (!response.ok) throw new Error('Sign-in could not be completed. Please try again.');
  const tokens = (await response.json()) as { access_token?: string; id_token?: string; expires_in?: number };
  if (!tokens.access_token) throw new Error('Sign-in could not be completed. Please try again.');
  const access = claims(tokens.access_token);
  const identity = tokens.id_token ? claims(tokens.id_token) : {};
  const name = [identity.name, identity.given_name, identity.email, access.username].find((value) => typeof value === 'string');
  const groups = Array.isArray(access['cognito:groups']) ? (access['cognito:groups'] as string[]) : [];
  const expiresAt = new Date(
    typeof access.exp === 'number' ? access.exp * 1000 : Date.now() + (tokens.expires_in ?? 3600) * 1000,
  ).toISOString();
  return {
    session: { token: tokens.access_token, expiresAt, sub: String(access.sub), name: String(name ?? 'Customer'), groups, via: 'cognito' },
    next: pending.next,
  };
}
