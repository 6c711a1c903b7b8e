import 'reflect-metadata';
import { constants, createHash, createVerify, type KeyObject, privateEncrypt, webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsentStore } from '../../extension/src/background/consentStore.js';
import {
  type HostApi,
  PageOperations,
  WINDOW_PROGRESS_AFTER_MS,
} from '../../extension/src/background/pageOperations.js';
import { TabLock } from '../../extension/src/background/tabLock.js';
import type { PromptPrompter } from '../../extension/src/promptMessages.js';
import { KysoError, type SignParams, type TokenCertificate } from '../../lib/src/protocol/index.js';
import { HELLO } from './fakeNativePort.js';
import { memoryStorage } from './memoryStorage.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

interface Keyed {
  cert: TokenCertificate;
  privateKey: KeyObject;
}

async function makeCert(notBefore: Date, notAfter: Date, serial: string): Promise<Keyed> {
  const alg = {
    name: 'RSASSA-PKCS1-v1_5',
    modulusLength: 2048,
    publicExponent: new Uint8Array([1, 0, 1]),
    hash: 'SHA-256',
  };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as CryptoKeyPair;
  const c = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: serial,
    name: 'CN=Nguyễn Văn A, 0.9.2342.19200300.100.1.1=CCCD:001099012345',
    notBefore,
    notAfter,
    signingAlgorithm: alg,
    keys,
  });
  const der = Buffer.from(c.rawData).toString('base64');
  const jwk = await webcrypto.subtle.exportKey('jwk', keys.privateKey);
  const { createPrivateKey } = await import('node:crypto');
  return {
    cert: {
      handle: `h-${serial}`,
      certificate: der,
      keyType: 'RSA',
      keySize: 2048,
      token: {
        label: 'Demo',
        serial,
        manufacturer: 'SoftHSM',
        model: 'v2',
        flags: {
          loginRequired: true,
          protectedAuthPath: false,
          pinCountLow: false,
          pinFinalTry: false,
          pinLocked: false,
        },
      },
    },
    privateKey: createPrivateKey({ key: jwk as import('node:crypto').JsonWebKey, format: 'jwk' }),
  };
}

const PIN = '123456';
const SHA256_DIGEST_INFO = Buffer.from('3031300d060960864801650304020105000420', 'hex');

class FakeHost implements HostApi {
  calls: { method: string; params?: unknown }[] = [];
  lockedAfterWrong = false;
  /** Streams when asked (`stream`), as kyso-host does; `gap` and `wrong-from` put the stream out of step. */
  streaming: false | 'in-order' | 'gap' | 'wrong-from' = false;
  /** An older kyso-host: no `prepareSign` / `releaseSign`. */
  cannotPrepare = false;
  /** Called with each call's method as it is made (to see it against the window's questions). */
  onCall: (method: string) => void = () => undefined;
  constructor(private readonly keyed: Keyed[]) {}
  async ensureReady() {
    return HELLO as never;
  }
  async call(
    method: string,
    params?: unknown,
    options?: { onEvent?: (event: string, data: unknown) => void },
  ): Promise<never> {
    this.calls.push({ method, params });
    this.onCall(method);
    if (method === 'prepareSign' || method === 'releaseSign') {
      if (this.cannotPrepare) throw new KysoError('INVALID_REQUEST', 'unknown method');
      return (method === 'prepareSign' ? {} : { released: true }) as never;
    }
    if (method === 'listTokens') return { tokens: [this.keyed[0]!.cert.token] } as never;
    if (method === 'listCertificates') return { certificates: this.keyed.map((k) => k.cert) } as never;
    if (method === 'sign') {
      const p = params as SignParams;
      const padToken = this.keyed.find((x) => x.cert.handle === p.handle)?.cert.token.flags.protectedAuthPath;
      if (padToken && p.pin !== undefined) throw new KysoError('PIN_INVALID', 'PIN pad token got a PIN');
      if (!padToken && p.pin !== PIN) {
        if (this.lockedAfterWrong) throw new KysoError('PIN_LOCKED');
        throw new KysoError('PIN_INCORRECT', 'wrong PIN', { pinFinalTry: true });
      }
      const k = this.keyed.find((x) => x.cert.handle === p.handle)!;
      // The digest is already hashed: PKCS#1 v1.5 over DigestInfo ‖ digest, as C_Sign with CKM_RSA_PKCS.
      const signatures = p.digests.map((d) =>
        privateEncrypt(
          { key: k.privateKey, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([SHA256_DIGEST_INFO, Buffer.from(d, 'base64')]),
        ).toString('base64'),
      );
      const stream = this.streaming && p.stream === true;
      // Progress events before the reply, none for the last digest (as kyso-host sends them).
      let sent = 0;
      for (let done = 10; done < p.digests.length; done += 10) {
        if (!stream) {
          options?.onEvent?.('progress', { done, total: p.digests.length });
          continue;
        }
        const skip = this.streaming === 'gap' && done === 20 ? 1 : 0;
        options?.onEvent?.('progress', {
          done,
          total: p.digests.length,
          signatures: signatures.slice(sent + skip, done),
        });
        sent = done;
      }
      options?.onEvent?.('other', { done: 1 });
      if (stream) {
        const from = this.streaming === 'wrong-from' ? sent - 1 : sent;
        return { signatures: signatures.slice(from), from } as never;
      }
      return { signatures } as never;
    }
    throw new Error(`unexpected ${method}`);
  }
}

interface ScriptedPrompt extends PromptPrompter {
  log: string[];
  pinViews: unknown[];
}

function scriptedPrompts(script: { consent?: boolean; pins?: (string | undefined)[]; choose?: number }) {
  const opened: ScriptedPrompt[] = [];
  const pins = [...(script.pins ?? [])];
  const open = (origin: string, purpose: string): PromptPrompter => {
    const p: ScriptedPrompt = {
      log: [`open ${origin} ${purpose}`],
      pinViews: [],
      async consent() {
        p.log.push('consent');
        if (script.consent === undefined) throw new Error('consent not expected');
        return script.consent;
      },
      async choose() {
        p.log.push('choose');
        return script.choose ?? 0;
      },
      async pin(view) {
        p.log.push('pin');
        p.pinViews.push(view);
        if (pins.length === 0) throw new KysoError('USER_CANCELLED');
        return pins.shift();
      },
      progress(done, total) {
        p.log.push(`progress ${done}/${total}`);
      },
      close() {
        p.log.push('close');
      },
    };
    opened.push(p);
    return p;
  };
  return { open, opened };
}

let good: Keyed;
let expired: Keyed;
const digest = createHash('sha256').update('tờ khai').digest('base64');
const ORIGIN = 'https://dichvucong.gov.vn';

beforeAll(async () => {
  good = await makeCert(new Date(Date.now() - 86_400_000), new Date(Date.now() + 365 * 86_400_000), '01');
  expired = await makeCert(new Date('2020-01-01'), new Date('2021-01-01'), '02');
});

/** A clock that moves `stepMs` forward each time it is read. */
function steppingClock(stepMs: number): () => Date {
  let t = Date.now();
  return () => {
    t += stepMs;
    return new Date(t);
  };
}

function setup(script: Parameters<typeof scriptedPrompts>[0], keyed: Keyed[] = [good], now?: () => Date) {
  const host = new FakeHost(keyed);
  const consent = new ConsentStore(memoryStorage());
  const prompts = scriptedPrompts(script);
  const ops = new PageOperations({
    host,
    consent,
    lock: new TabLock(),
    openPrompt: prompts.open,
    extensionVersion: '0.1.0',
    ...(now ? { now } : {}),
  });
  return { host, consent, prompts, ops };
}

describe('PageOperations', () => {
  it('refuses insecure origins before anything reaches the host', async () => {
    const { ops, host } = setup({});
    await expect(
      ops.handle('status', undefined, { origin: 'http://example.com', tabId: 1 }),
    ).rejects.toMatchObject({
      code: 'INSECURE_ORIGIN',
    });
    expect(host.calls).toEqual([]);
  });

  it('refuses malformed params before anything reaches the host', async () => {
    const { ops, host } = setup({ consent: true, pins: [PIN] });
    await expect(
      ops.handle(
        'sign',
        { certificate: good.cert.certificate, digest: 'AA==', hashAlgorithm: 'SHA-256', description: 'x' },
        { origin: ORIGIN, tabId: 1 },
      ),
    ).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
    expect(host.calls).toEqual([]);
  });

  it('status tells token counts only to allowed sites', async () => {
    const { ops, consent } = setup({});
    expect(await ops.handle('status', undefined, { origin: ORIGIN, tabId: 1 })).toEqual({
      extension: '0.1.0',
      host: '0.1.0',
      protocol: 1,
      tokens: 0,
    });
    await consent.record(ORIGIN, 'allow');
    expect(await ops.handle('status', undefined, { origin: ORIGIN, tabId: 1 })).toMatchObject({ tokens: 1 });
  });

  it('status looks up consent while the host handshake is still under way', async () => {
    const events: string[] = [];
    let ready: (() => void) | undefined;
    const host = new FakeHost([good]);
    host.ensureReady = () =>
      new Promise((resolve) => {
        events.push('handshake started');
        ready = () => {
          events.push('handshake done');
          resolve(HELLO as never);
        };
      });
    const area = memoryStorage();
    const consent = new ConsentStore({
      get: (k) => {
        events.push('consent read');
        return area.get(k);
      },
      set: (i) => area.set(i),
    });
    const ops = new PageOperations({
      host,
      consent,
      lock: new TabLock(),
      openPrompt: scriptedPrompts({}).open,
      extensionVersion: '0.1.0',
    });
    const pending = ops.handle('status', undefined, { origin: ORIGIN, tabId: 1 });
    await new Promise((r) => setTimeout(r, 0));
    ready?.();
    expect(await pending).toMatchObject({ tokens: 0 });
    expect(events).toEqual(['handshake started', 'consent read', 'handshake done']);
  });

  it('denying consent returns ORIGIN_DENIED, is stored, and the site is not asked again', async () => {
    const { ops, consent, prompts, host } = setup({ consent: false });
    await expect(ops.handle('certificates', undefined, { origin: ORIGIN, tabId: 1 })).rejects.toMatchObject({
      code: 'ORIGIN_DENIED',
    });
    expect(await consent.decisionFor(ORIGIN)).toBe('deny');
    await expect(ops.handle('certificates', undefined, { origin: ORIGIN, tabId: 1 })).rejects.toMatchObject({
      code: 'ORIGIN_DENIED',
    });
    expect(prompts.opened).toHaveLength(1);
    expect(host.calls.filter((c) => c.method === 'listCertificates')).toEqual([]);
  });

  it('allowing consent lists certificates without handles', async () => {
    const { ops, consent } = setup({ consent: true });
    const r = (await ops.handle('certificates', undefined, { origin: ORIGIN, tabId: 1 })) as {
      certificates: Record<string, unknown>[];
    };
    expect(r.certificates).toEqual([{ certificate: good.cert.certificate, keyType: 'RSA', keySize: 2048 }]);
    expect(await consent.decisionFor(ORIGIN)).toBe('allow');
  });

  it('signs after a wrong PIN then the right one, showing the retry warning in the window', async () => {
    const { ops, prompts, host } = setup({ consent: true, pins: ['000000', PIN] });
    const r = (await ops.handle(
      'sign',
      { certificate: good.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'Tờ khai' },
      { origin: ORIGIN, tabId: 1 },
    )) as { signature: string; scheme: string };
    expect(r.scheme).toBe('RSASSA-PKCS1-v1_5');
    expect(
      createVerify('sha256').update('tờ khai').verify(good.privateKey, Buffer.from(r.signature, 'base64')),
    ).toBe(true);
    const prompt = prompts.opened[0]!;
    expect(prompt.pinViews).toHaveLength(2);
    expect(prompt.pinViews[1]).toMatchObject({
      error: { code: 'PIN_INCORRECT' },
      certificate: { flags: { pinFinalTry: true } },
      description: 'Tờ khai',
      count: 1,
    });
    expect(prompt.log.at(-1)).toBe('close');
    // The PIN goes to the host; the result holds no PIN.
    expect(host.calls.filter((c) => c.method === 'sign').map((c) => (c.params as SignParams).pin)).toEqual([
      '000000',
      PIN,
    ]);
    expect(JSON.stringify(r)).not.toContain(PIN);
  });

  it('PIN_LOCKED ends the operation', async () => {
    const { ops, host } = setup({ consent: true, pins: ['000000', PIN] });
    host.lockedAfterWrong = true;
    await expect(
      ops.handle(
        'sign',
        { certificate: good.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'x' },
        { origin: ORIGIN, tabId: 1 },
      ),
    ).rejects.toMatchObject({ code: 'PIN_LOCKED' });
  });

  it('refuses an unknown certificate and an expired one', async () => {
    const { ops } = setup({ consent: true, pins: [PIN] }, [good, expired]);
    await expect(
      ops.handle(
        'sign',
        {
          certificate: Buffer.from('nope').toString('base64'),
          digest,
          hashAlgorithm: 'SHA-256',
          description: 'x',
        },
        { origin: ORIGIN, tabId: 1 },
      ),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_NOT_FOUND' });
    await expect(
      ops.handle(
        'sign',
        { certificate: expired.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'x' },
        { origin: ORIGIN, tabId: 1 },
      ),
    ).rejects.toMatchObject({ code: 'CERTIFICATE_EXPIRED' });
  });

  it('a second user-facing operation in the same tab gets BUSY', async () => {
    const consent = new ConsentStore(memoryStorage());
    await consent.record(ORIGIN, 'allow');
    let release!: (pin: string) => void;
    let reachedPin!: () => void;
    const atPin = new Promise<void>((r) => (reachedPin = r));
    const slow = new PageOperations({
      host: new FakeHost([good]),
      consent,
      lock: new TabLock(),
      openPrompt: () => ({
        consent: async () => true,
        choose: async () => 0,
        pin: () => {
          reachedPin();
          return new Promise<string>((r) => (release = r));
        },
        progress() {},
        close() {},
      }),
      extensionVersion: '0.1.0',
    });
    const params = { certificate: good.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'x' };
    const first = slow.handle('sign', params, { origin: ORIGIN, tabId: 5 });
    await atPin;
    await expect(slow.handle('sign', params, { origin: ORIGIN, tabId: 5 })).rejects.toMatchObject({
      code: 'BUSY',
    });
    release(PIN);
    await expect(first).resolves.toMatchObject({ scheme: 'RSASSA-PKCS1-v1_5' });
    // The tab is free again afterwards.
    await expect(slow.handle('status', undefined, { origin: ORIGIN, tabId: 5 })).resolves.toMatchObject({
      tokens: 1,
    });
  });

  it('a PIN-pad token signs with no PIN from the window (the user types it on the device)', async () => {
    const pad: Keyed = {
      ...good,
      cert: {
        ...good.cert,
        token: { ...good.cert.token, flags: { ...good.cert.token.flags, protectedAuthPath: true } },
      },
    };
    const { ops, consent, prompts, host } = setup({ pins: [undefined] }, [pad]);
    await consent.record(ORIGIN, 'allow');
    const r = (await ops.handle(
      'sign',
      { certificate: pad.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'x' },
      { origin: ORIGIN, tabId: 1 },
    )) as { signature: string };
    expect(
      createVerify('sha256').update('tờ khai').verify(good.privateKey, Buffer.from(r.signature, 'base64')),
    ).toBe(true);
    expect(prompts.opened[0]!.pinViews[0]).toMatchObject({
      certificate: { flags: { protectedAuthPath: true } },
    });
    const signCall = host.calls.find((c) => c.method === 'sign')!;
    expect('pin' in (signCall.params as object)).toBe(false);
  });

  it('closes the Kyso window with USER_CANCELLED when the calling frame goes away', async () => {
    const consent = new ConsentStore(memoryStorage());
    await consent.record(ORIGIN, 'allow');
    let reachedPin!: () => void;
    const atPin = new Promise<void>((r) => (reachedPin = r));
    let closed = 0;
    const ops = new PageOperations({
      host: new FakeHost([good]),
      consent,
      lock: new TabLock(),
      openPrompt: () => {
        let fail!: (e: Error) => void;
        return {
          consent: async () => true,
          choose: async () => 0,
          pin: () => {
            reachedPin();
            return new Promise<string>((_r, reject) => (fail = reject));
          },
          progress() {},
          close() {
            closed++;
            fail?.(new KysoError('USER_CANCELLED'));
          },
        };
      },
      extensionVersion: '0.1.0',
    });
    const frame = new AbortController();
    const params = { certificate: good.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'x' };
    const op = ops.handle('sign', params, { origin: ORIGIN, tabId: 9, signal: frame.signal });
    await atPin;
    frame.abort();
    await expect(op).rejects.toMatchObject({ code: 'USER_CANCELLED' });
    expect(closed).toBeGreaterThanOrEqual(1);
  });

  it('signs a batch in one host call and relays its progress events to the page and the window', async () => {
    // Each look at the clock is 200 ms later: the host's first event comes before the window shows
    // progress (WINDOW_PROGRESS_AFTER_MS), its second after.
    const { ops, consent, host, prompts } = setup({ pins: [PIN] }, [good], steppingClock(200));
    await consent.record(ORIGIN, 'allow');
    const progress: unknown[] = [];
    const items = Array.from({ length: 25 }, (_, i) => ({
      digest: createHash('sha256').update(`doc ${i}`).digest('base64'),
      text: `doc ${i}`,
      description: `Hồ sơ ${i}`,
    }));
    const r = (await ops.handle(
      'signBatch',
      {
        certificate: good.cert.certificate,
        hashAlgorithm: 'SHA-256',
        items: items.map(({ text, ...rest }) => rest),
      },
      { origin: ORIGIN, tabId: 1, onProgress: (d) => progress.push(d) },
    )) as { signatures: string[] };
    expect(r.signatures).toHaveLength(25);
    r.signatures.forEach((s, i) => {
      expect(
        createVerify('sha256').update(items[i]!.text).verify(good.privateKey, Buffer.from(s, 'base64')),
      ).toBe(true);
    });
    expect(progress).toEqual([
      { done: 0, total: 25 },
      { done: 10, total: 25 },
      { done: 20, total: 25 },
      { done: 25, total: 25 },
    ]);
    expect(host.calls.filter((c) => c.method === 'sign')).toHaveLength(1);
    // The window redraws only for the host's events once the batch has run for 300 ms, not at
    // the start and end of the batch.
    expect(prompts.opened[0]!.log.filter((l) => l.startsWith('progress'))).toEqual(['progress 20/25']);
  });

  it('a batch is asked as a streamed sign: the signatures of the progress events and of the reply, in order', async () => {
    const { ops, consent, host, prompts } = setup({ pins: [PIN] }, [good], steppingClock(400));
    host.streaming = 'in-order';
    await consent.record(ORIGIN, 'allow');
    const progress: unknown[] = [];
    const parts: string[] = [];
    const texts = Array.from({ length: 25 }, (_, i) => `streamed doc ${i}`);
    const r = (await ops.handle(
      'signBatch',
      {
        certificate: good.cert.certificate,
        hashAlgorithm: 'SHA-256',
        items: texts.map((t) => ({
          digest: createHash('sha256').update(t).digest('base64'),
          description: t,
        })),
      },
      {
        origin: ORIGIN,
        tabId: 1,
        onProgress: (d, part) => {
          progress.push(d);
          parts.push(...(part ?? []));
        },
      },
    )) as { signatures: string[] };
    expect(host.calls.find((c) => c.method === 'sign')?.params).toMatchObject({ stream: true });
    // The streamed signatures are handed on with their events, ahead of the result, in order.
    expect(parts).toEqual(r.signatures.slice(0, 20));
    expect(r.signatures).toHaveLength(25);
    r.signatures.forEach((s, i) => {
      expect(createVerify('sha256').update(texts[i]!).verify(good.privateKey, Buffer.from(s, 'base64'))).toBe(
        true,
      );
    });
    // The page and the window get counts only, never the streamed signatures.
    expect(progress).toEqual([
      { done: 0, total: 25 },
      { done: 10, total: 25 },
      { done: 20, total: 25 },
      { done: 25, total: 25 },
    ]);
    expect(prompts.opened[0]!.log.filter((l) => l.startsWith('progress'))).toEqual([
      'progress 10/25',
      'progress 20/25',
    ]);
  });

  it('a batch over before WINDOW_PROGRESS_AFTER_MS never redraws the window; the page gets every event', async () => {
    const { ops, consent, prompts } = setup(
      { pins: [PIN] },
      [good],
      steppingClock(WINDOW_PROGRESS_AFTER_MS / 4),
    );
    await consent.record(ORIGIN, 'allow');
    const progress: unknown[] = [];
    const items = Array.from({ length: 25 }, (_, i) => ({
      digest: createHash('sha256').update(`fast ${i}`).digest('base64'),
      description: `fast ${i}`,
    }));
    await ops.handle(
      'signBatch',
      { certificate: good.cert.certificate, hashAlgorithm: 'SHA-256', items },
      { origin: ORIGIN, tabId: 1, onProgress: (d) => progress.push(d) },
    );
    expect(progress).toHaveLength(4);
    expect(prompts.opened[0]!.log.filter((l) => l.startsWith('progress'))).toEqual([]);
  });

  it('a streamed batch out of step (a missing signature, a reply from the wrong index) is INTERNAL', async () => {
    for (const tamper of ['gap', 'wrong-from'] as const) {
      const { ops, consent, host } = setup({ pins: [PIN] });
      host.streaming = tamper;
      await consent.record(ORIGIN, 'allow');
      const items = Array.from({ length: 25 }, (_, i) => ({
        digest: createHash('sha256').update(`t${i}`).digest('base64'),
        description: `t${i}`,
      }));
      await expect(
        ops.handle(
          'signBatch',
          { certificate: good.cert.certificate, hashAlgorithm: 'SHA-256', items },
          { origin: ORIGIN, tabId: 1 },
        ),
        tamper,
      ).rejects.toMatchObject({ code: 'INTERNAL' });
    }
  });

  it('a single signature is not streamed', async () => {
    const { ops, consent, host } = setup({ pins: [PIN] });
    host.streaming = 'in-order';
    await consent.record(ORIGIN, 'allow');
    await ops.handle(
      'sign',
      { certificate: good.cert.certificate, digest, hashAlgorithm: 'SHA-256', description: 'x' },
      { origin: ORIGIN, tabId: 1 },
    );
    expect(host.calls.find((c) => c.method === 'sign')?.params).not.toHaveProperty('stream');
  });

  it('a wrong PIN in a batch costs one try: the whole batch is one host call per PIN', async () => {
    const { ops, consent, host } = setup({ pins: ['000000', PIN] });
    await consent.record(ORIGIN, 'allow');
    const items = Array.from({ length: 30 }, (_, i) => ({
      digest: createHash('sha256').update(`d${i}`).digest('base64'),
      description: `d${i}`,
    }));
    const r = (await ops.handle(
      'signBatch',
      { certificate: good.cert.certificate, hashAlgorithm: 'SHA-256', items },
      { origin: ORIGIN, tabId: 1 },
    )) as { signatures: string[] };
    expect(r.signatures).toHaveLength(30);
    const pins = host.calls.filter((c) => c.method === 'sign').map((c) => (c.params as SignParams).pin);
    expect(pins).toEqual(['000000', PIN]);
    const signCalls = host.calls.filter((c) => c.method === 'sign');
    expect((signCalls[1]!.params as SignParams).digests).toHaveLength(30);
  });

  it('authenticate binds the token to the origin from the browser', async () => {
    const { ops } = setup({ consent: true, pins: [PIN] });
    const nonce = Buffer.alloc(32, 9).toString('base64');
    const token = (await ops.handle(
      'authenticate',
      { nonce, origin: 'https://evil.example' },
      { origin: ORIGIN, tabId: 1 },
    )) as {
      unverifiedCertificate: string;
      algorithm: string;
      signature: string;
      format: string;
    };
    expect(token.format).toBe('web-eid:1.0');
    expect(token.algorithm).toBe('RS256');
    const h = (s: string) => createHash('sha256').update(s, 'utf8').digest();
    const signedData = (origin: string) => Buffer.concat([h(origin), h(nonce)]);
    const verify = (origin: string) =>
      createVerify('sha256')
        .update(signedData(origin))
        .verify(good.privateKey, Buffer.from(token.signature, 'base64'));
    expect(verify(ORIGIN)).toBe(true);
    expect(verify('https://evil.example')).toBe(false);
  });

  describe('the host prepares while the user types the PIN', () => {
    const params = {
      certificate: good?.cert.certificate,
      digest,
      hashAlgorithm: 'SHA-256',
      description: 'x',
    };

    it('prepareSign (no PIN) goes out when the PIN is asked; the sign names it', async () => {
      const { ops, consent, host, prompts } = setup({ pins: [PIN] });
      await consent.record(ORIGIN, 'allow');
      const timeline: string[] = [];
      host.onCall = (method) => timeline.push(method);
      await ops.handle(
        'sign',
        { ...params, certificate: good.cert.certificate },
        { origin: ORIGIN, tabId: 1 },
      );
      const prompt = prompts.opened[0]!;
      expect(prompt.log).toContain('pin');
      expect(timeline).toEqual(['listCertificates', 'prepareSign', 'sign']);
      const prepare = host.calls.find((c) => c.method === 'prepareSign')!.params as Record<string, unknown>;
      const sign = host.calls.find((c) => c.method === 'sign')!.params as SignParams;
      expect(prepare).not.toHaveProperty('pin');
      expect(prepare).toEqual({
        prepared: expect.any(String),
        handle: good.cert.handle,
        hashAlgorithm: 'SHA-256',
        scheme: 'RSASSA-PKCS1-v1_5',
        digests: [digest],
      });
      expect(sign).toMatchObject({ prepared: prepare.prepared, pin: PIN, digests: [digest] });
    });

    it('is made before the window has its answer', async () => {
      const consent = new ConsentStore(memoryStorage());
      await consent.record(ORIGIN, 'allow');
      const host = new FakeHost([good]);
      const seenAtPin: string[][] = [];
      const ops = new PageOperations({
        host,
        consent,
        lock: new TabLock(),
        openPrompt: () => ({
          consent: async () => true,
          choose: async () => 0,
          pin: async () => {
            seenAtPin.push(host.calls.map((c) => c.method));
            return PIN;
          },
          progress() {},
          close() {},
        }),
        extensionVersion: '0.1.0',
      });
      await ops.handle(
        'sign',
        { ...params, certificate: good.cert.certificate },
        { origin: ORIGIN, tabId: 1 },
      );
      expect(seenAtPin).toEqual([['listCertificates', 'prepareSign']]);
    });

    it('each PIN question prepares anew (after a wrong PIN the host has closed the first one)', async () => {
      const { ops, consent, host } = setup({ pins: ['000000', PIN] });
      await consent.record(ORIGIN, 'allow');
      await ops.handle(
        'sign',
        { ...params, certificate: good.cert.certificate },
        { origin: ORIGIN, tabId: 1 },
      );
      const ids = host.calls
        .filter((c) => c.method === 'prepareSign')
        .map((c) => (c.params as { prepared: string }).prepared);
      const named = host.calls
        .filter((c) => c.method === 'sign')
        .map((c) => (c.params as SignParams).prepared);
      expect(ids).toHaveLength(2);
      expect(new Set(ids).size).toBe(2);
      expect(named).toEqual(ids);
      expect(host.calls.map((c) => c.method)).not.toContain('releaseSign');
    });

    it('cancelling at the PIN releases the prepared session', async () => {
      const { ops, consent, host } = setup({ pins: [] });
      await consent.record(ORIGIN, 'allow');
      await expect(
        ops.handle('sign', { ...params, certificate: good.cert.certificate }, { origin: ORIGIN, tabId: 1 }),
      ).rejects.toMatchObject({ code: 'USER_CANCELLED' });
      const prepared = (host.calls.find((c) => c.method === 'prepareSign')!.params as { prepared: string })
        .prepared;
      expect(host.calls.filter((c) => c.method !== 'listCertificates')).toEqual([
        { method: 'prepareSign', params: expect.objectContaining({ prepared }) },
        { method: 'releaseSign', params: { prepared } },
      ]);
    });

    it('a host that cannot prepare still signs (the whole sign goes with the PIN)', async () => {
      const { ops, consent, host } = setup({ pins: [PIN] });
      host.cannotPrepare = true;
      await consent.record(ORIGIN, 'allow');
      const r = (await ops.handle(
        'sign',
        { ...params, certificate: good.cert.certificate },
        { origin: ORIGIN, tabId: 1 },
      )) as { signature: string };
      expect(
        createVerify('sha256').update('tờ khai').verify(good.privateKey, Buffer.from(r.signature, 'base64')),
      ).toBe(true);
    });

    it('a login (authenticate) prepares its signature too', async () => {
      const { ops, consent, host } = setup({ pins: [PIN] });
      await consent.record(ORIGIN, 'allow');
      await ops.handle(
        'authenticate',
        { nonce: Buffer.alloc(32, 9).toString('base64') },
        { origin: ORIGIN, tabId: 1 },
      );
      const prepare = host.calls.find((c) => c.method === 'prepareSign')?.params as { prepared: string };
      expect(prepare).toBeDefined();
      expect(host.calls.find((c) => c.method === 'sign')?.params).toMatchObject({
        prepared: prepare.prepared,
      });
    });
  });
});
