/**
 * The OpenID provider's secrets, identical on every portal instance sharing the database: the ID-token
 * signing keys (a private JWK set) and the keys that sign oidc-provider's cookies. The first instance to
 * start generates them and inserts them if no other instance did (insert … on conflict do nothing), then
 * every instance reads what the database holds. `KYSO_OIDC_JWKS` replaces the stored signing keys.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import type { Clock } from '../clock.js';
import type { PortalDb } from '../db/connect.js';

export interface ProviderKeys {
  jwks: { keys: Record<string, unknown>[] };
  cookieKeys: string[];
}

export const SIGNING_KEYS_NAME = 'oidc.jwks';
export const COOKIE_KEYS_NAME = 'oidc.cookieKeys';

/** Returns the stored value of `name`, storing `make()` first when nobody has yet. */
async function sharedSecret(db: PortalDb, clock: Clock, name: string, make: () => string): Promise<string> {
  const read = () => db.selectFrom('oidcKeys').select('value').where('name', '=', name).executeTakeFirst();
  const existing = await read();
  if (existing) return existing.value;
  await db
    .insertInto('oidcKeys')
    .values({ name, value: make(), createdAt: clock() })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const stored = await read();
  if (!stored) throw new Error(`OpenID provider key ${name} could not be stored`);
  return stored.value;
}

function newSigningJwks(): string {
  const jwk = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ format: 'jwk' });
  return JSON.stringify({ keys: [{ ...jwk, kid: randomUUID(), use: 'sig', alg: 'RS256' }] });
}

function newCookieKeys(): string {
  return JSON.stringify([randomBytes(32).toString('base64url')]);
}

export async function loadProviderKeys(
  db: PortalDb,
  clock: Clock,
  configured?: { keys: Record<string, unknown>[] },
): Promise<ProviderKeys> {
  const jwks = configured ?? JSON.parse(await sharedSecret(db, clock, SIGNING_KEYS_NAME, newSigningJwks));
  const cookieKeys = JSON.parse(await sharedSecret(db, clock, COOKIE_KEYS_NAME, newCookieKeys)) as string[];
  return { jwks, cookieKeys };
}
