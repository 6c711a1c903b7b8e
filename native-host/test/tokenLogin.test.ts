/**
 * A PKCS#11 login belongs to the application, per token: every session shares it, and it ends
 * only with a logout or the last session. Against throwaway SoftHSM tokens, in process: a login
 * left on the token (a failed logout while a prepared session is held) never lets a wrong PIN
 * sign; a held session is only used on its own token's slot; held sessions respect the token's
 * session limit.
 */
import { constants, createHash, publicDecrypt } from 'node:crypto';
import type { SignParams } from '@kyso/lib/protocol';
import type { Handle, PKCS11 } from 'pkcs11js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { softHsmModulePath } from '../src/devTokens/softhsmTokens.js';
import { HostMethods } from '../src/hostMethods.js';
import { openSigningSession, sessionAlive } from '../src/pkcs11/digestSigning.js';
import { type Pkcs11Api, pkcs11Api } from '../src/pkcs11/moduleRegistry.js';
import { roomToHoldSession } from '../src/pkcs11/sessionRoom.js';
import { createTestHsm, makeIdentity, type TestHsm, type TestIdentity } from './support/testTokens.js';

const TOKEN = { label: 'kyso-login', pin: '246810', soPin: '13579111' };
const OTHER = { label: 'kyso-login-2', pin: '135790', soPin: '13579111' };
const CKS_RO_PUBLIC_SESSION = 0;
const CKU_USER = 1;
const NOT_LOGGED_IN = Object.assign(new Error('CKR_USER_NOT_LOGGED_IN'), { code: 0x101 });
const DEVICE_ERROR = Object.assign(new Error('CKR_DEVICE_ERROR'), { code: 0x30 });

let hsm: TestHsm;
let rsa: TestIdentity;
let methods: HostMethods;
let api: Pkcs11Api;
let handle: string;
let otherHandle: string;
let p11: PKCS11;
let slot: Handle;
let realLogout: PKCS11['C_Logout'];
let realTokenInfo: PKCS11['C_GetTokenInfo'];
const saved = { conf: process.env.SOFTHSM2_CONF, modules: process.env.KYSO_PKCS11_MODULES };

const digestOf = (text: string) => createHash('sha256').update(text).digest('base64');
const request = (digests: string[], h = handle): Omit<SignParams, 'pin'> => ({
  handle: h,
  hashAlgorithm: 'SHA-256',
  scheme: 'RSASSA-PKCS1-v1_5',
  digests,
});

function verifies(digest: string, signature: string): boolean {
  const recovered = publicDecrypt(
    { key: rsa.x509.publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(signature, 'base64'),
  );
  return recovered.equals(
    Buffer.concat([
      Buffer.from('3031300d060960864801650304020105000420', 'hex'),
      Buffer.from(digest, 'base64'),
    ]),
  );
}

/** Whether this application is logged in to the token (seen from a fresh session). */
function loggedIn(): boolean {
  const probe = p11.C_OpenSession(slot, api.CKF_SERIAL_SESSION);
  try {
    return p11.C_GetSessionInfo(probe).state !== CKS_RO_PUBLIC_SESSION;
  } finally {
    p11.C_CloseSession(probe);
  }
}

function isOpen(session: Handle): boolean {
  try {
    p11.C_GetSessionInfo(session);
    return true;
  } catch {
    return false;
  }
}

/** The session held for `id` (handed back to the store unchanged). */
function held(id: string): Handle {
  const s = methods.prepared.take(id);
  if (!s) throw new Error(`no prepared session ${id}`);
  methods.prepared.hold(id, s);
  return s.session;
}

beforeAll(async () => {
  rsa = makeIdentity('rsa', 'Nguyen Van Login', '01');
  hsm = createTestHsm([
    { token: TOKEN, identities: [rsa] },
    { token: OTHER, identities: [makeIdentity('rsa', 'Tran Thi Other', '02')] },
  ]);
  process.env.SOFTHSM2_CONF = hsm.conf;
  process.env.KYSO_PKCS11_MODULES = softHsmModulePath();
  methods = new HostMethods();
  const { certificates } = await methods.listCertificates();
  handle = certificates.find((c) => c.token.label === TOKEN.label)!.handle;
  otherHandle = certificates.find((c) => c.token.label === OTHER.label)!.handle;
  api = await pkcs11Api();
  p11 = methods.registry.modules[0]!.p11;
  slot = p11.C_GetSlotList(true).find((s) => p11.C_GetTokenInfo(s).label.trim() === TOKEN.label)!;
  realLogout = p11.C_Logout.bind(p11);
  realTokenInfo = p11.C_GetTokenInfo.bind(p11);
});

afterEach(() => {
  p11.C_Logout = realLogout;
  p11.C_GetTokenInfo = realTokenInfo;
  methods.prepared.releaseAll();
  p11.C_CloseAllSessions(slot);
});

afterAll(() => {
  methods.registry.close();
  hsm.cleanup();
  process.env.SOFTHSM2_CONF = saved.conf;
  process.env.KYSO_PKCS11_MODULES = saved.modules;
});

describe('a login left on the token', () => {
  it('a failed logout with a prepared session held ends the login: the next wrong PIN fails', async () => {
    await methods.prepareSign({ prepared: 'other-page', ...request([digestOf('b')]) });
    const other = held('other-page');
    p11.C_Logout = () => {
      throw DEVICE_ERROR;
    };
    const r = await methods.sign({ ...request([digestOf('c')]), pin: TOKEN.pin });
    expect(verifies(digestOf('c'), r.signatures[0]!)).toBe(true);
    p11.C_Logout = realLogout;
    expect(loggedIn()).toBe(false);
    // every session of the slot was closed, and the store let go of the held one
    expect(isOpen(other)).toBe(false);
    expect(methods.prepared.size).toBe(0);
    await expect(methods.sign({ ...request([digestOf('d')]), pin: '000000' })).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
    });
    const ok = await methods.sign({ ...request([digestOf('e')]), pin: TOKEN.pin, prepared: 'other-page' });
    expect(verifies(digestOf('e'), ok.signatures[0]!)).toBe(true);
  });

  it('a sign never accepts "already logged in": it logs out, then a wrong PIN fails and the right one signs', async () => {
    const leaked = p11.C_OpenSession(slot, api.CKF_SERIAL_SESSION);
    p11.C_Login(leaked, CKU_USER, TOKEN.pin);
    expect(loggedIn()).toBe(true);
    await expect(methods.sign({ ...request([digestOf('f')]), pin: '000000' })).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
    });
    expect(loggedIn()).toBe(false);
    p11.C_Login(leaked, CKU_USER, TOKEN.pin);
    const r = await methods.sign({ ...request([digestOf('g')]), pin: TOKEN.pin });
    expect(verifies(digestOf('g'), r.signatures[0]!)).toBe(true);
    expect(loggedIn()).toBe(false);
    expect(isOpen(leaked)).toBe(true);
  });

  it('when that logout fails too, the slot is closed and the sign logs in on a new session', async () => {
    await methods.prepareSign({ prepared: 'held', ...request([digestOf('h')]) });
    const leaked = p11.C_OpenSession(slot, api.CKF_SERIAL_SESSION);
    p11.C_Login(leaked, CKU_USER, TOKEN.pin);
    let failing = true;
    p11.C_Logout = (s) => {
      if (failing) throw DEVICE_ERROR;
      realLogout(s);
    };
    await expect(methods.sign({ ...request([digestOf('i')]), pin: '000000' })).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
    });
    expect(isOpen(leaked)).toBe(false);
    expect(methods.prepared.size).toBe(0);
    failing = false;
    expect(loggedIn()).toBe(false);
    const again = p11.C_OpenSession(slot, api.CKF_SERIAL_SESSION);
    p11.C_Login(again, CKU_USER, TOKEN.pin);
    failing = true;
    const r = await methods.sign({ ...request([digestOf('j')]), pin: TOKEN.pin });
    failing = false;
    expect(verifies(digestOf('j'), r.signatures[0]!)).toBe(true);
    expect(loggedIn()).toBe(false);
  });

  it('a logout the token answers "not logged in" closes nothing else', async () => {
    await methods.prepareSign({ prepared: 'kept', ...request([digestOf('k')]) });
    const kept = held('kept');
    p11.C_Logout = () => {
      throw NOT_LOGGED_IN;
    };
    await methods.sign({ ...request([digestOf('l')]), pin: TOKEN.pin });
    expect(isOpen(kept)).toBe(true);
    expect(methods.prepared.size).toBe(1);
  });
});

describe('a held session is used only on its own token', () => {
  it('checks the session is on the token slot, and the slot still holds that token', () => {
    const own = openSigningSession(api, methods.registry, request([digestOf('m')]));
    const other = openSigningSession(api, methods.registry, request([digestOf('m')], otherHandle));
    try {
      expect(sessionAlive(api, own)).toBe(true);
      // a handle that names a session on another slot (a middleware reusing handles)
      expect(sessionAlive(api, { ...own, session: other.session })).toBe(false);
      // the slot now holds a token with another serial
      const swapped = { ...own.token, info: { ...own.token.info, serial: 'not-this-token' } };
      expect(sessionAlive(api, { ...own, token: swapped })).toBe(false);
      p11.C_CloseSession(own.session);
      expect(sessionAlive(api, own)).toBe(false);
    } finally {
      p11.C_CloseSession(other.session);
    }
  });

  it('a sign whose held handle now names a session of another slot leaves that session alone', async () => {
    await methods.prepareSign({ prepared: 'moved', ...request([digestOf('o')]) });
    const mine = methods.prepared.take('moved')!;
    const other = openSigningSession(api, methods.registry, request([digestOf('o')], otherHandle));
    p11.C_CloseSession(mine.session);
    methods.prepared.hold('moved', { ...mine, session: other.session });
    const r = await methods.sign({ ...request([digestOf('o')]), pin: TOKEN.pin, prepared: 'moved' });
    expect(verifies(digestOf('o'), r.signatures[0]!)).toBe(true);
    expect(isOpen(other.session)).toBe(true);
    p11.C_CloseSession(other.session);
  });

  it('releasing it, or naming it with other data, leaves that session of another slot alone too', async () => {
    const other = openSigningSession(api, methods.registry, request([digestOf('q')], otherHandle));
    try {
      for (const id of ['released', 'refused']) {
        await methods.prepareSign({ prepared: id, ...request([digestOf('q')]) });
        const mine = methods.prepared.take(id)!;
        p11.C_CloseSession(mine.session);
        methods.prepared.hold(id, { ...mine, session: other.session });
      }
      expect(await methods.releaseSign({ prepared: 'released' })).toEqual({ released: true });
      expect(isOpen(other.session)).toBe(true);
      await expect(
        methods.sign({ ...request([digestOf('r')]), pin: TOKEN.pin, prepared: 'refused' }),
      ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
      expect(isOpen(other.session)).toBe(true);
      expect(methods.prepared.size).toBe(0);
    } finally {
      p11.C_CloseSession(other.session);
    }
  });
});

describe("held sessions and the token's session limit", () => {
  it('holds a session only when a sign would still find one free', () => {
    const unlimited = 0;
    const unavailable = 0xffff_ffff;
    expect(roomToHoldSession({ maxSessionCount: unlimited, sessionCount: 40 }, 1)).toBe(true);
    expect(roomToHoldSession({ maxSessionCount: unavailable, sessionCount: unavailable }, 9)).toBe(true);
    expect(roomToHoldSession({ maxSessionCount: 2, sessionCount: 1 }, 1)).toBe(true);
    expect(roomToHoldSession({ maxSessionCount: 2, sessionCount: 2 }, 1)).toBe(false);
    // a count the token does not give: this host's own held sessions stand in for it
    expect(roomToHoldSession({ maxSessionCount: 3, sessionCount: unavailable }, 2)).toBe(true);
    expect(roomToHoldSession({ maxSessionCount: 3, sessionCount: unavailable }, 3)).toBe(false);
    // the token's count is never taken below what this host holds
    expect(roomToHoldSession({ maxSessionCount: 3, sessionCount: 1 }, 3)).toBe(false);
  });

  it('prepareSign holds nothing when the token would be left without a session, and the sign still runs', async () => {
    p11.C_GetTokenInfo = (s) => ({ ...realTokenInfo(s), maxSessionCount: 3, sessionCount: 0xffff_ffff });
    await methods.prepareSign({ prepared: 'p1', ...request([digestOf('n')]) });
    await methods.prepareSign({ prepared: 'p2', ...request([digestOf('n')]) });
    await methods.prepareSign({ prepared: 'p3', ...request([digestOf('n')]) });
    expect(methods.prepared.size).toBe(2);
    expect(methods.prepared.take('p3')).toBeUndefined();
    const r = await methods.sign({ ...request([digestOf('n')]), pin: TOKEN.pin, prepared: 'p3' });
    expect(verifies(digestOf('n'), r.signatures[0]!)).toBe(true);
    // a token without a limit holds every one
    p11.C_GetTokenInfo = realTokenInfo;
    await methods.prepareSign({ prepared: 'p3', ...request([digestOf('n')]) });
    expect(methods.prepared.size).toBe(3);
  });
});
