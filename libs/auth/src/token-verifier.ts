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
    return { verify: async (token) => toIdentity(await verifier.verify(token)) };
  }
  const issuer = await loadLocalIssuer(auth.keyDir);
  const verifier = JwtRsaVerifier.create({
    issuer: LOCAL_ISSUER,
    audience: LOCAL_AUDIENCE,
    // Never fetched: the keys are cached below. aws-jwt-verify requires the property.
    jwksUri: 'https://localhost.invalid/.well-known/jwks.json',
  });
  verifier.cacheJwks(issuer.jwks);
  return { verify: async (token) => toIdentity(await verifier.verify(token)) };
}

function toIdentity(payload: JwtPayload): Identity {
  const groups = payload['cognito:groups'];
  const text = (value: unknown) => (typeof value === 'string' && value.length > 0 ? value : undefined);
  const email = text(payload.email);
  const name = text(payload.name);
  return {
    sub: String(payload.sub),
    groups: Array.isArray(groups) ? groups.filter((group): group is string => typeof group === 'string') : [],
    ...(email ? { email } : {}),
    ...(name ? { name } : {}),
  };
}
