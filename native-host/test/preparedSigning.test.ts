/**
 * `prepareSign` (token, session and checks before the PIN) and the sign that uses it, in process
 * against a throwaway SoftHSM token: the held session is never logged in, it is bound to one
 * request, it ends on every path (used, wrong PIN, other data, released, expired, pushed out,
 * logout), and a sign's logout can wait until its reply is out.
 */
import { constants, createHash, publicDecrypt } from 'node:crypto';
import {
  KysoError,
  type SignParams,
  validateHostRequest,
  validatePrepareSignParams,
} from '@kyso/lib/protocol';
import type { Handle, PKCS11 } from 'pkcs11js';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { softHsmModulePath } from '../src/devTokens/softhsmTokens.js';
import { HostMethods } from '../src/hostMethods.js';
import { pkcs11Api } from '../src/pkcs11/moduleRegistry.js';
import { PreparedSigns } from '../src/pkcs11/preparedSigns.js';
import { createTestHsm, makeIdentity, type TestHsm, type TestIdentity } from './support/testTokens.js';

const TOKEN = { label: 'kyso-prepared', pin: '246810', soPin: '13579111' };
const CKS_RO_PUBLIC_SESSION = 0;
const CKS_RO_USER_FUNCTIONS = 1;

let hsm: TestHsm;
let rsa: TestIdentity;
let methods: HostMethods;
let handle: string;
let p11: PKCS11;
let slot: Handle;
let serialSession: number;
const saved = { conf: process.env.SOFTHSM2_CONF, modules: process.env.KYSO_PKCS11_MODULES };

const digestOf = (text: string) => createHash('sha256').update(text).digest('base64');

function request(digests: string[]): Omit<SignParams, 'pin'> {
  return { handle, hashAlgorithm: 'SHA-256', scheme: 'RSASSA-PKCS1-v1_5', digests };
}

function verifies(digest: string, signature: string): boolean {
  const digestInfo = Buffer.concat([
    Buffer.from('3031300d060960864801650304020105000420', 'hex'),
    Buffer.from(digest, 'base64'),
  ]);
  // The token signed DigestInfo ‖ digest (CKM_RSA_PKCS): the public operation gives it back.
  const recovered = publicDecrypt(
    { key: rsa.x509.publicKey, padding: constants.RSA_PKCS1_PADDING },
    Buffer.from(signature, 'base64'),
  );
  return recovered.equals(digestInfo);
}

/** The held session of `id` (handed back to the store unchanged). */
function heldSession(store: PreparedSigns, id: string): Handle {
  const s = store.take(id);
  if (!s) throw new Error(`no prepared session ${id}`);
  store.hold(id, s);
  return s.session;
}

/** Prepares the sign of `digests` as `id` on `host`; the session it holds. */
async function prepareHeld(id: string, digests: string[], host: HostMethods = methods): Promise<Handle> {
  await host.prepareSign({ prepared: id, ...request(digests) });
  return heldSession(host.prepared, id);
}

function sessionState(session: Handle): number | 'closed' {
  try {
    return p11.C_GetSessionInfo(session).state;
  } catch {
    return 'closed';
  }
}

/** Whether this application is logged in to the token (seen from a fresh session). */
function loggedIn(): boolean {
  const probe = p11.C_OpenSession(slot, serialSession);
  try {
    return p11.C_GetSessionInfo(probe).state !== CKS_RO_PUBLIC_SESSION;
  } finally {
    p11.C_CloseSession(probe);
  }
}

beforeAll(async () => {
  rsa = makeIdentity('rsa', 'Nguyen Van Prepared', '01');
  hsm = createTestHsm([{ token: TOKEN, identities: [rsa] }]);
  process.env.SOFTHSM2_CONF = hsm.conf;
  process.env.KYSO_PKCS11_MODULES = softHsmModulePath();
  methods = new HostMethods();
  const { certificates } = await methods.listCertificates();
  handle = certificates.find((c) => c.token.label === TOKEN.label)!.handle;
  const module = methods.registry.modules[0]!;
  p11 = module.p11;
  slot = p11.C_GetSlotList(true)[0]!;
  serialSession = (await pkcs11Api()).CKF_SERIAL_SESSION;
});

afterAll(() => {
  methods.prepared.releaseAll();
  methods.registry.close();
  hsm.cleanup();
  process.env.SOFTHSM2_CONF = saved.conf;
  process.env.KYSO_PKCS11_MODULES = saved.modules;
});

afterEach(() => {
  vi.useRealTimers();
  methods.prepared.releaseAll();
});

describe('prepareSign messages', () => {
  it('never carry a PIN, and name their operation', () => {
    const base = { v: 1, id: 1, method: 'prepareSign', params: { ...request([digestOf('a')]) } };
    expect(() =>
      validateHostRequest({ ...base, params: { ...base.params, prepared: 'op-1', pin: '1' } }),
    ).toThrow(/takes no PIN/);
    expect(() => validateHostRequest(base)).toThrow(/prepared must be/);
    expect(() =>
      validateHostRequest({ ...base, params: { ...base.params, prepared: 'x'.repeat(129) } }),
    ).toThrow(KysoError);
    expect(() =>
      validateHostRequest({ ...base, params: { ...base.params, prepared: 'op', digests: ['AA=='] } }),
    ).toThrow(/digests\[0\]/);
    expect(validatePrepareSignParams({ ...base.params, prepared: 'op-1', stream: true, extra: 1 })).toEqual({
      prepared: 'op-1',
      ...request([digestOf('a')]),
    });
    expect(() => validateHostRequest({ v: 1, id: 2, method: 'releaseSign', params: {} })).toThrow(/prepared/);
    expect(
      validateHostRequest({ v: 1, id: 3, method: 'sign', params: { ...base.params, prepared: 'op-1' } })
        .params,
    ).toMatchObject({ prepared: 'op-1' });
    expect(() =>
      validateHostRequest({ v: 1, id: 4, method: 'sign', params: { ...base.params, prepared: 7 } }),
    ).toThrow(/prepared must be/);
  });
});

describe('a prepared sign', () => {
  it('holds a session that is not logged in, signs with it, and ends it', async () => {
    const d = digestOf('tờ khai thuế');
    await methods.prepareSign({ prepared: 'op-1', ...request([d]) });
    expect(methods.prepared.size).toBe(1);
    const session = heldSession(methods.prepared, 'op-1');
    expect(sessionState(session)).toBe(CKS_RO_PUBLIC_SESSION);
    expect(loggedIn()).toBe(false);

    const r = await methods.sign({ ...request([d]), pin: TOKEN.pin, prepared: 'op-1' });
    expect(verifies(d, r.signatures[0]!)).toBe(true);
    expect(methods.prepared.size).toBe(0);
    expect(sessionState(session)).toBe('closed');
    expect(loggedIn()).toBe(false);
  });

  it('can leave the logout until after the reply (afterReply), and then logs out', async () => {
    const d = digestOf('giấy phép');
    const session = await prepareHeld('op-2', [d]);
    const later: (() => void)[] = [];
    const r = await methods.sign(
      { ...request([d]), pin: TOKEN.pin, prepared: 'op-2' },
      { progress: () => undefined, afterReply: (work) => later.push(work) },
    );
    expect(verifies(d, r.signatures[0]!)).toBe(true);
    expect(later).toHaveLength(1);
    expect(sessionState(session)).toBe(CKS_RO_USER_FUNCTIONS);
    later[0]!();
    expect(sessionState(session)).toBe('closed');
    expect(loggedIn()).toBe(false);
  });

  it('is released by a wrong PIN (the retry prepares again)', async () => {
    const d = digestOf('wrong pin');
    const session = await prepareHeld('op-3', [d]);
    await expect(methods.sign({ ...request([d]), pin: '000000', prepared: 'op-3' })).rejects.toMatchObject({
      code: 'PIN_INCORRECT',
    });
    expect(methods.prepared.size).toBe(0);
    expect(sessionState(session)).toBe('closed');
    expect(loggedIn()).toBe(false);
  });

  it('is bound to its request: other data is refused and the session released', async () => {
    const d = digestOf('shown to the user');
    const session = await prepareHeld('op-4', [d]);
    const other = digestOf('something else');
    await expect(
      methods.sign({ ...request([other]), pin: TOKEN.pin, prepared: 'op-4' }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringMatching(/other data/) });
    expect(sessionState(session)).toBe('closed');
    expect(methods.prepared.size).toBe(0);
    await methods.prepareSign({ prepared: 'op-4b', ...request([d]) });
    await expect(
      methods.sign({ ...request([d]), scheme: 'RSA-PSS', pin: TOKEN.pin, prepared: 'op-4b' }),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(loggedIn()).toBe(false);
  });

  it('an id the host does not hold (used, released, never made) signs from the start', async () => {
    const d = digestOf('again');
    await methods.prepareSign({ prepared: 'op-5', ...request([d]) });
    await methods.sign({ ...request([d]), pin: TOKEN.pin, prepared: 'op-5' });
    const again = await methods.sign({ ...request([d]), pin: TOKEN.pin, prepared: 'op-5' });
    expect(verifies(d, again.signatures[0]!)).toBe(true);
    const never = await methods.sign({ ...request([d]), pin: TOKEN.pin, prepared: 'never-made' });
    expect(verifies(d, never.signatures[0]!)).toBe(true);
  });

  it('a held session the token no longer has is replaced by a new one', async () => {
    const d = digestOf('token re-inserted');
    await methods.prepareSign({ prepared: 'op-6', ...request([d]) });
    p11.C_CloseSession(heldSession(methods.prepared, 'op-6'));
    const r = await methods.sign({ ...request([d]), pin: TOKEN.pin, prepared: 'op-6' });
    expect(verifies(d, r.signatures[0]!)).toBe(true);
    expect(loggedIn()).toBe(false);
  });

  it('a batch signs from its prepared session with its progress events', async () => {
    const digests = Array.from({ length: 40 }, (_, i) => digestOf(`doc ${i}`));
    await methods.prepareSign({ prepared: 'op-7', ...request(digests) });
    const streamed: string[] = [];
    const r = await methods.sign(
      { ...request(digests), pin: TOKEN.pin, prepared: 'op-7', stream: true },
      {
        progress: (p) => {
          // each event carries the signatures right after the ones already streamed
          expect(p.done - (p.signatures?.length ?? 0)).toBe(streamed.length);
          streamed.push(...(p.signatures ?? []));
        },
      },
    );
    // how many went out in events depends on the signing speed; together with the reply (from
    // where the events stopped) they are every signature, in order
    expect(r.from).toBe(streamed.length);
    const all = [...streamed, ...r.signatures];
    expect(all).toHaveLength(40);
    expect(all.every((s, i) => verifies(digests[i]!, s))).toBe(true);
  });

  it('preparing the same id again replaces (and closes) the earlier session', async () => {
    const first = await prepareHeld('op-8', [digestOf('first')]);
    await methods.prepareSign({ prepared: 'op-8', ...request([digestOf('second')]) });
    expect(sessionState(first)).toBe('closed');
    expect(methods.prepared.size).toBe(1);
  });

  it('refuses a certificate handle it does not know, holding nothing', async () => {
    await expect(
      methods.prepareSign({ prepared: 'op-9', ...request([digestOf('x')]), handle: 'bm90LWEtaGFuZGxl' }),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_NOT_FOUND' });
    expect(methods.prepared.size).toBe(0);
  });
});

describe('held sessions end without a sign', () => {
  it('releaseSign closes one (true), then has nothing to close (false)', async () => {
    const session = await prepareHeld('r-1', [digestOf('r')]);
    expect(await methods.releaseSign({ prepared: 'r-1' })).toEqual({ released: true });
    expect(sessionState(session)).toBe('closed');
    expect(await methods.releaseSign({ prepared: 'r-1' })).toEqual({ released: false });
  });

  it('logout closes every held session', async () => {
    const sessions = [await prepareHeld('l-1', [digestOf('l1')]), await prepareHeld('l-2', [digestOf('l2')])];
    await methods.logout();
    expect(methods.prepared.size).toBe(0);
    expect(sessions.map(sessionState)).toEqual(['closed', 'closed']);
  });

  it('a held session expires after its time to live', async () => {
    vi.useFakeTimers();
    const short = new HostMethods(methods.registry, new PreparedSigns({ ttlMs: 60_000 }));
    const session = await prepareHeld('t-1', [digestOf('t')], short);
    vi.advanceTimersByTime(59_000);
    expect(short.prepared.size).toBe(1);
    vi.advanceTimersByTime(1_000);
    expect(short.prepared.size).toBe(0);
    expect(sessionState(session)).toBe('closed');
  });

  it('the oldest held session is closed when more than the maximum are held', async () => {
    const few = new HostMethods(methods.registry, new PreparedSigns({ max: 2 }));
    const oldest = await prepareHeld('m-1', [digestOf('m1')], few);
    await few.prepareSign({ prepared: 'm-2', ...request([digestOf('m2')]) });
    await few.prepareSign({ prepared: 'm-3', ...request([digestOf('m3')]) });
    expect(few.prepared.size).toBe(2);
    expect(sessionState(oldest)).toBe('closed');
    expect(await few.releaseSign({ prepared: 'm-1' })).toEqual({ released: false });
    few.prepared.releaseAll();
  });
});
