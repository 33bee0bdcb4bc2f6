import { createPrivateKey, createPublicKey, generateKeyPairSync, randomUUID, sign, type KeyObject } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Jwk, Jwks } from 'aws-jwt-verify/jwk';

/**
 * The development token issuer: an RS256 key pair kept under DATA_DIR/keys, so the tokens
 * `npm run token` prints are accepted by every process sharing that folder. Its tokens look
 * like Cognito access tokens (`cognito:groups`, `token_use`), and are verified by the same
 * aws-jwt-verify code; only the key source differs.
 */
export const LOCAL_ISSUER = 'gomart-local-issuer';
export const LOCAL_AUDIENCE = 'gomart-local';
const KEY_FILE = 'local-issuer.pem';

export interface LocalIssuer {
  readonly jwks: Jwks;
  sign(claims: { sub: string; groups?: readonly string[]; ttlSeconds?: number; email?: string; name?: string }): string;
}

/** Loads the key pair, creating it on first use; safe when several processes start at once. */
export async function loadLocalIssuer(keyDir: string): Promise<LocalIssuer> {
  const privateKey = await loadOrCreatePrivateKey(join(keyDir, KEY_FILE));
  const kid = 'local-1';
  const jwk = { ...createPublicKey(privateKey).export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } as Jwk;
  return {
    jwks: { keys: [jwk] },
    sign: ({ sub, groups = [], ttlSeconds = 12 * 3600, email, name }) => {
      const now = Math.floor(Date.now() / 1000);
      return signRs256(privateKey, kid, {
        iss: LOCAL_ISSUER,
        aud: LOCAL_AUDIENCE,
        sub,
        ...(email ? { email } : {}),
        ...(name ? { name } : {}),
        'cognito:groups': [...groups],
        token_use: 'access',
        jti: randomUUID(),
        iat: now,
        exp: now + ttlSeconds,
      });
    },
  };
}

async function loadOrCreatePrivateKey(file: string): Promise<KeyObject> {
  try {
    return createPrivateKey(await readFile(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await mkdir(join(file, '..'), { recursive: true, mode: 0o700 });
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
  try {
    // 'wx': if another process won the race, use its key rather than overwrite it.
    await writeFile(file, pem, { flag: 'wx', mode: 0o600 });
    return privateKey;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    return createPrivateKey(await readFile(file, 'utf8'));
  }
}

function signRs256(key: KeyObject, kid: string, payload: Record<string, unknown>): string {
  const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256', typ: 'JWT', kid })}.${encode(payload)}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key).toString('base64url')}`;
}
