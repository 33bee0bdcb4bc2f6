import { CognitoJwtVerifier, JwtRsaVerifier } from 'aws-jwt-verify';
import type { JwtPayload } from 'aws-jwt-verify/jwt-model';
import type { Identity } from './identity';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadLocalIssuer } from './local-issuer';

/** Verifies a bearer token and tells who is calling; rejects when the token is not valid. */
export interface TokenVerifier {
  verify(token: string): Promise<Identity>;
}

/** Which tokens to accept: Cognito's (AWS) or the local development issuer's (keys under `keyDir`). */
export type AuthOptions =
  | { readonly mode: 'local'; readonly keyDir: string }
  | { readonly mode: 'cognito'; readonly userPoolId: string; readonly clientId: string; readonly domain?: string };

/** Cognito access tokens in AWS; the local development issuer otherwise. Same library for both. */
export async function createTokenVerifier(auth: AuthOptions): Promise<TokenVerifier> {
  if (auth.mode === 'cognito') {
    const verifier = CognitoJwtVerifier.create({ userPoolId: auth.userPoolId, clientId: auth.clientId, tokenUse: 'access' });
    await verifier.hydrate();
    return { verify: async (token) => toIdentity(requireClaims(await verifier.verify(token))) };
  }
  const issuer = await loadLocalIssuer(auth.keyDir);
  const verifier = JwtRsaVerifier.create({
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    // Never fetched: the keys are cached below. aws-jwt-verify requires the property.
    jwksUri: 'https://localhost.invalid/.well-known/jwks.json',
  });
  verifier.cacheJwks(issuer.jwks);
  return { verify: async (token) => toIdentity(requireClaims(await verifier.verify(token))) };
}

/** How far ahead of this clock a token's `iat` may be: the issuer's clock may run a little fast. */
export const CLOCK_SKEW_SECONDS = 60;

/** A signed token that does not say who the caller is, or says it forever. */
export class IncompleteTokenError extends Error {
  override readonly name = 'IncompleteTokenError';
}

/**
 * aws-jwt-verify checks `exp` and `iat` only when present, and `sub` not at all. A token
 * without a subject would make every such caller one customer (`"undefined"`), one without
 * `exp` would never end, and one issued in the future was minted with a wrong clock or by
 * someone planning ahead: all three are refused.
 */
function requireClaims(payload: JwtPayload, nowSeconds = Date.now() / 1000): JwtPayload {
  if (typeof payload.sub !== 'string' || payload.sub.trim().length === 0) throw new IncompleteTokenError('the token names no subject');
  if (typeof payload.exp !== 'number') throw new IncompleteTokenError('the token has no expiry');
  if (typeof payload.iat === 'number' && payload.iat > nowSeconds + CLOCK_SKEW_SECONDS) {
    throw new IncompleteTokenError('the token was issued in the future');
  }
  return payload;
}

function toIdentity(payload: JwtPayload): Identity {
  const groups = payload['cognito:groups'];
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const email = text(payload.email);
  const name = text(payload.name);
  return {
    sub: payload.sub as string,
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  };
}
