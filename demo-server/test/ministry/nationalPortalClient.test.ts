/**
 * The ministry's OpenID client against a minimal provider whose answers each test chooses: a good code
 * exchange gives the ID token's subject and the userinfo claims; a userinfo `sub` other than the ID
 * token's, an ID token with another nonce (an injected code), another audience or issuer, a forged
 * signature, and a callback with another state are all refused, never as "provider unavailable".
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  NationalPortalClient,
  NationalPortalUnavailableError,
  newPendingAuthorization,
  type PendingAuthorization,
} from '../../src/ministry/sso/nationalPortalClient.js';

const CLIENT_ID = 'bocongan-dvc';
type Key = Awaited<ReturnType<typeof generateKeyPair>>['privateKey'];

describe('national portal client (relying party checks)', () => {
  let server: Server;
  let issuer: string;
  let opKey: Key;
  let forgerKey: Key;
  /** What the provider answers next: the ID token's claims and key, and userinfo's claims. */
  let answer: { idToken: JWTPayload; key?: Key; userinfo: Record<string, unknown> };

  beforeAll(async () => {
    const op = await generateKeyPair('RS256');
    opKey = op.privateKey;
    forgerKey = (await generateKeyPair('RS256')).privateKey;
    const jwk = { ...(await exportJWK(op.publicKey)), kid: 'op', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      const send = (body: unknown) => {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      const path = new URL(req.url ?? '/', issuer).pathname;
      if (path === '/.well-known/openid-configuration')
        return send({
          issuer,
          authorization_endpoint: `${issuer}/oauth2/authorize`,
          token_endpoint: `${issuer}/oauth2/token`,
          userinfo_endpoint: `${issuer}/oauth2/userinfo`,
          jwks_uri: `${issuer}/oauth2/jwks`,
          id_token_signing_alg_values_supported: ['RS256'],
          response_types_supported: ['code'],
          subject_types_supported: ['public'],
        });
      if (path === '/oauth2/jwks') return send({ keys: [jwk] });
      if (path === '/oauth2/userinfo') return send(answer.userinfo);
      if (path === '/oauth2/token') {
        req.resume();
        req.on('end', async () => {
          const now = Math.floor(Date.now() / 1000);
          const idToken = await new SignJWT({
            iss: issuer,
            aud: CLIENT_ID,
            iat: now,
            exp: now + 600,
            ...answer.idToken,
          })
            .setProtectedHeader({ alg: 'RS256', kid: 'op' })
            .sign(answer.key ?? opKey);
          send({ access_token: 'access-token', token_type: 'Bearer', expires_in: 600, id_token: idToken });
        });
        return;
      }
      res.writeHead(404).end();
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const client = () =>
    new NationalPortalClient({
      issuer,
      clientId: CLIENT_ID,
      clientSecret: 'a-client-secret-of-the-ministry',
      redirectUri: 'http://localhost:8081/dang-nhap/dvcqg/callback',
      timeoutMs: 2000,
    });

  const callback = (pending: PendingAuthorization, state = pending.state) =>
    new URLSearchParams({ code: 'the-code', state });

  async function outcome(pending: PendingAuthorization, state?: string): Promise<string> {
    try {
      const signIn = await client().complete(callback(pending, state), pending);
      return `ok:${signIn.subject}:${String(signIn.userinfo.SoDinhDanh)}`;
    } catch (e) {
      expect(e).not.toBeInstanceOf(NationalPortalUnavailableError);
      return 'refused';
    }
  }

  it('completes a good exchange with the ID token’s subject and the userinfo claims', async () => {
    const pending = newPendingAuthorization();
    answer = {
      idToken: { sub: 'acct-1', nonce: pending.nonce, acr: 'LoA2', sid: 'op-sid' },
      userinfo: { sub: 'acct-1', LoaiTaiKhoan: '1', SoDinhDanh: '001090012345' },
    };
    const signIn = await client().complete(callback(pending), pending);
    expect(signIn).toMatchObject({ issuer, subject: 'acct-1', acr: 'LoA2', sid: 'op-sid' });
    expect(signIn.userinfo.SoDinhDanh).toBe('001090012345');
  });

  it('refuses a userinfo response about another subject', async () => {
    const pending = newPendingAuthorization();
    answer = {
      idToken: { sub: 'acct-1', nonce: pending.nonce },
      userinfo: { sub: 'acct-2', LoaiTaiKhoan: '1', SoDinhDanh: '079085001234' },
    };
    expect(await outcome(pending)).toBe('refused');
  });

  it('refuses an ID token with another nonce, audience or issuer, or a forged signature, and another state', async () => {
    const pending = newPendingAuthorization();
    const userinfo = { sub: 'acct-1', LoaiTaiKhoan: '1', SoDinhDanh: '001090012345' };
    answer = { idToken: { sub: 'acct-1', nonce: 'the-nonce-of-another-request' }, userinfo };
    expect(await outcome(pending)).toBe('refused');
    answer = { idToken: { sub: 'acct-1', nonce: pending.nonce, aud: 'another-client' }, userinfo };
    expect(await outcome(pending)).toBe('refused');
    answer = { idToken: { sub: 'acct-1', nonce: pending.nonce, iss: 'http://evil.example' }, userinfo };
    expect(await outcome(pending)).toBe('refused');
    answer = { idToken: { sub: 'acct-1', nonce: pending.nonce }, key: forgerKey, userinfo };
    expect(await outcome(pending)).toBe('refused');
    answer = { idToken: { sub: 'acct-1', nonce: pending.nonce }, userinfo };
    expect(await outcome(pending, 'another-state')).toBe('refused');
    // The same answers with the request's own values go through: each refusal above is that one change.
    expect(await outcome(pending)).toBe('ok:acct-1:001090012345');
  });
});
