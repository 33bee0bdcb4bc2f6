import { createPrivateKey, sign } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LOCAL_AUDIENCE, LOCAL_ISSUER, loadLocalIssuer } from './local-issuer';
import { createTokenVerifier, type TokenVerifier } from './token-verifier';

/**
 * A token is a customer's only if it names one (a non-empty `sub`), ends (`exp`), and was not
 * issued in the future: a token without `sub` once made the customer "undefined", who saw
 * the orders of anyone else whose token lacked it.
 */
let keyDir: string;
let verifier: TokenVerifier;
let signWith: (claims: Record<string, unknown>) => string;

beforeAll(async () => {
  keyDir = await mkdtemp(join(tmpdir(), 'gomart-auth-'));
  await loadLocalIssuer(keyDir);
  verifier = await createTokenVerifier({ mode: 'local', keyDir });
  const key = createPrivateKey(await readFile(join(keyDir, 'local-issuer.pem'), 'utf8'));
  signWith = (claims) => {
    const encode = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const input = `${encode({ alg: 'RS256', typ: 'JWT', kid: 'local-1' })}.${encode(claims)}`;
    return `${input}.${sign('RSA-SHA256', Buffer.from(input), key).toString('base64url')}`;
  };
});

afterAll(() => rm(keyDir, { recursive: true, force: true }));

const now = () => Math.floor(Date.now() / 1000);
const valid = () => ({ iss: LOCAL_ISSUER, aud: LOCAL_AUDIENCE, sub: 'alice', token_use: 'access', iat: now(), exp: now() + 600 });
const without = (name: string) => Object.fromEntries(Object.entries(valid()).filter(([key]) => key !== name));

describe('token verification', () => {
  it('accepts a complete token', async () => {
    await expect(verifier.verify(signWith(valid()))).resolves.toMatchObject({ sub: 'alice' });
  });

  it.each([
    ['without sub', () => without('sub')],
    ['with an empty sub', () => ({ ...valid(), sub: '' })],
    ['with a sub that is not a string', () => ({ ...valid(), sub: 42 })],
    ['without exp', () => without('exp')],
    ['issued in the future', () => ({ ...valid(), iat: now() + 3600 })],
  ])('rejects a token %s', async (_, claims) => {
    await expect(verifier.verify(signWith(claims()))).rejects.toThrow();
  });

  it('allows a little clock skew on iat', async () => {
    await expect(verifier.verify(signWith({ ...valid(), iat: now() + 20 }))).resolves.toMatchObject({ sub: 'alice' });
  });
});
