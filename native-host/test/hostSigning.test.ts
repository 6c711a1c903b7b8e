/**
 * The real host process over stdio, against throwaway SoftHSM tokens:
 * every method, the signature schemes (verified with node:crypto) and the
 * PKCS#11 error paths.
 */
import { constants, createHash, randomBytes, verify } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { softHsmModulePath } from '../src/devTokens/softhsmTokens.js';
import { ensureHostBuilt } from './support/hostBuild.js';
import { HostClient } from './support/hostClient.js';
import { createTestHsm, makeIdentity, type TestHsm, type TestIdentity } from './support/testTokens.js';

const TOKEN_A = { label: 'kyso-test-a', pin: '123456', soPin: '12345678' };
const TOKEN_B = { label: 'kyso-test-b', pin: '654321', soPin: '87654321' };

let hsm: TestHsm;
let host: HostClient;
let rsa: TestIdentity;
let ec: TestIdentity;
let always: TestIdentity;
let small: TestIdentity;
let other: TestIdentity;
let brokenModule: string;
const handles = new Map<string, string>();

interface Cert {
  handle: string;
  certificate: string;
  token: { label: string; serial: string };
  keyType: string;
  keySize?: number;
  curve?: string;
}

function hostEnv(): Record<string, string> {
  return {
    SOFTHSM2_CONF: hsm.conf,
    KYSO_PKCS11_MODULES: `/nonexistent/libmissing.so:${brokenModule}:${softHsmModulePath()}`,
  };
}

function digestOf(message: Buffer, hash: 'sha256' | 'sha384' | 'sha512'): string {
  return createHash(hash).update(message).digest('base64');
}

beforeAll(() => {
  ensureHostBuilt();
  rsa = makeIdentity('rsa', 'Nguyen Van A', '01');
  ec = makeIdentity('ec', 'Tran Thi B', '02');
  always = makeIdentity('rsa', 'Le Van C', '03', { alwaysAuthenticate: true });
  small = makeIdentity('rsa1024', 'Pham Van D', '04');
  other = makeIdentity('rsa', 'Hoang Thi E', '01');
  const caOnly = makeIdentity('rsa', 'Kyso Test CA', '09');
  hsm = createTestHsm([
    { token: TOKEN_A, identities: [rsa, ec, always, small], certificatesOnly: [caOnly] },
    { token: TOKEN_B, identities: [other] },
  ]);
  brokenModule = join(hsm.dir, 'libbroken.so');
  writeFileSync(brokenModule, 'not a shared library');
  host = new HostClient(hostEnv());
});

afterAll(async () => {
  await host?.close();
  hsm?.cleanup();
});

describe('hello, listTokens, listCertificates', () => {
  it('hello reports the version, protocol 1 and every module, a broken one beside the working one', async () => {
    const hello = await host.result('hello');
    expect(hello.protocol).toBe(1);
    expect(hello.version).toMatch(/^\d+\.\d+\.\d+$/);
    const modules = hello.modules as { path: string; loaded: boolean; error?: string }[];
    expect(modules.map((m) => [m.path, m.loaded])).toEqual([
      ['/nonexistent/libmissing.so', false],
      [brokenModule, false],
      [softHsmModulePath(), true],
    ]);
    expect(modules[0]!.error).toMatch(/libmissing/);
    expect(modules[1]!.error).toBeTruthy();
    expect(modules[2]!.error).toBeUndefined();
  });

  it('listTokens lists both initialised tokens with their flags', async () => {
    const { tokens } = (await host.result('listTokens')) as {
      tokens: {
        label: string;
        module: string;
        serial: string;
        manufacturer: string;
        slotId: string;
        flags: Record<string, boolean>;
      }[];
    };
    expect(tokens.map((t) => t.label).sort()).toEqual([TOKEN_A.label, TOKEN_B.label]);
    for (const t of tokens) {
      expect(t.module).toBe(softHsmModulePath());
      expect(t.serial).toMatch(/^[0-9a-f]{16}$/);
      expect(t.manufacturer).toBe('SoftHSM project');
      expect(t.slotId).toMatch(/^\d+$/);
      expect(t.flags).toEqual({
        loginRequired: true,
        protectedAuthPath: false,
        pinCountLow: false,
        pinFinalTry: false,
        pinLocked: false,
      });
    }
  });

  it('listCertificates returns only certificates with a key pair, with key details', async () => {
    const { certificates } = (await host.result('listCertificates')) as { certificates: Cert[] };
    const byCert = new Map(certificates.map((c) => [c.certificate, c]));
    expect(certificates).toHaveLength(5);
    const expectCert = (id: TestIdentity, token: string, key: Partial<Cert>): void => {
      const c = byCert.get(Buffer.from(id.certificate).toString('base64'));
      expect(c, id.label).toBeDefined();
      expect(c!.token.label).toBe(token);
      expect(c).toMatchObject(key);
      handles.set(id.label, c!.handle);
    };
    expectCert(rsa, TOKEN_A.label, { keyType: 'RSA', keySize: 2048 });
    expectCert(ec, TOKEN_A.label, { keyType: 'EC', keySize: 256, curve: 'P-256' });
    expectCert(always, TOKEN_A.label, { keyType: 'RSA', keySize: 2048 });
    expectCert(small, TOKEN_A.label, { keyType: 'RSA', keySize: 1024 });
    expectCert(other, TOKEN_B.label, { keyType: 'RSA', keySize: 2048 });
    expect(new Set(certificates.map((c) => c.handle)).size).toBe(5);
  });

  it('handles are stable across host processes', async () => {
    const second = new HostClient(hostEnv());
    try {
      const { certificates } = (await second.result('listCertificates')) as { certificates: Cert[] };
      const again = new Map(certificates.map((c) => [c.certificate, c.handle]));
      expect(again.get(Buffer.from(rsa.certificate).toString('base64'))).toBe(handles.get(rsa.label));
      expect(again.get(Buffer.from(other.certificate).toString('base64'))).toBe(handles.get(other.label));
    } finally {
      await second.close();
    }
  });
});

describe('doctor', () => {
  it('answers the doctor report over stdio (modules, tokens, certificates, problems), only in frames', async () => {
    const before = host.replies.length;
    const report = (await host.result('doctor')) as {
      host: { version: string; node: string };
      modules: { path: string; loaded: boolean }[];
      tokens: { label: string }[];
      certificates: { subjectName: string; token: string }[];
      problems: { code: string; subject?: string }[];
    };
    expect(host.replies.length).toBe(before + 1);
    expect(report.host.node).toBe(process.version);
    expect(report.modules.map((m) => [m.path, m.loaded])).toEqual([
      ['/nonexistent/libmissing.so', false],
      [brokenModule, false],
      [softHsmModulePath(), true],
    ]);
    expect(report.tokens.map((t) => t.label).sort()).toEqual([TOKEN_A.label, TOKEN_B.label]);
    expect(report.certificates.map((c) => c.subjectName)).toContain('Nguyen Van A');
    const codes = report.problems.map((p) => p.code);
    expect(codes.filter((c) => c === 'moduleFailed')).toHaveLength(2);
    expect(codes).not.toContain('noModule');
    // The host's own modules stay loaded: signing still works after the report.
    const after = await host.result('listTokens');
    expect((after.tokens as unknown[]).length).toBe(2);
  });
});

describe('sign', () => {
  it('signs several digests with RSASSA-PKCS1-v1_5 under one login, each verifying', async () => {
    const messages = [0, 1, 2].map(() => randomBytes(100));
    const { signatures } = (await host.result('sign', {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: messages.map((m) => digestOf(m, 'sha256')),
      pin: TOKEN_A.pin,
    })) as { signatures: string[] };
    expect(signatures).toHaveLength(3);
    messages.forEach((m, i) => {
      expect(verify('sha256', m, rsa.x509.publicKey, Buffer.from(signatures[i]!, 'base64'))).toBe(true);
    });
    expect(verify('sha256', messages[1]!, rsa.x509.publicKey, Buffer.from(signatures[0]!, 'base64'))).toBe(
      false,
    );
  });

  it('a 1000-digest sign sends throttled progress events in order, then the reply with every signature', async () => {
    const messages = Array.from({ length: 1000 }, (_, i) => Buffer.from(`document ${i}`));
    const frames = await host.callWithFrames('sign', {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: messages.map((m) => digestOf(m, 'sha256')),
      pin: TOKEN_A.pin,
    });
    const reply = frames.at(-1)!;
    const events = frames.slice(0, -1);
    // 1000 RSA-2048 signatures take well over one 50 ms period, yet far fewer events than digests.
    expect(events.length).toBeGreaterThan(0);
    expect(events.length).toBeLessThan(500);
    const done: number[] = [];
    for (const e of events) {
      expect(e).toMatchObject({ v: 1, event: 'progress', data: { total: 1000 } });
      done.push((e.data as { done: number }).done);
    }
    // Strictly increasing and never the last digest (the reply says that).
    done.forEach((d, i) => {
      expect(d).toBeGreaterThan(i === 0 ? 0 : done[i - 1]!);
    });
    expect(done.at(-1)).toBeLessThan(1000);
    const signatures = reply.result?.signatures as string[];
    expect(signatures).toHaveLength(1000);
    for (const i of [0, 577, 999])
      expect(verify('sha256', messages[i]!, rsa.x509.publicKey, Buffer.from(signatures[i]!, 'base64'))).toBe(
        true,
      );
  });

  it('a streamed sign sends the signatures with its progress events, in order, and the rest in the reply', async () => {
    const messages = Array.from({ length: 600 }, (_, i) => Buffer.from(`streamed ${i}`));
    const frames = await host.callWithFrames('sign', {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: messages.map((m) => digestOf(m, 'sha256')),
      pin: TOKEN_A.pin,
      stream: true,
    });
    const reply = frames.at(-1)!;
    const events = frames.slice(0, -1);
    expect(events.length).toBeGreaterThan(0);
    const all: string[] = [];
    for (const e of events) {
      const data = e.data as { done: number; total: number; signatures: string[] };
      expect(e).toMatchObject({ v: 1, event: 'progress', data: { total: 600 } });
      // Each event brings exactly the signatures made since the previous one.
      expect(data.done - data.signatures.length).toBe(all.length);
      all.push(...data.signatures);
    }
    const result = reply.result as { signatures: string[]; from: number };
    expect(result.from).toBe(all.length);
    expect(result.from).toBeLessThan(600);
    all.push(...result.signatures);
    expect(all).toHaveLength(600);
    for (const i of [0, all.length - result.signatures.length - 1, 599])
      expect(verify('sha256', messages[i]!, rsa.x509.publicKey, Buffer.from(all[i]!, 'base64'))).toBe(true);
  });

  it('stream must be a boolean; a single digest is never streamed', async () => {
    const base = {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(Buffer.from('one streamed'), 'sha256')],
      pin: TOKEN_A.pin,
    };
    const bad = await host.callWithFrames('sign', { ...base, stream: 'yes' });
    expect(bad).toHaveLength(1);
    expect(bad[0]!.error?.code).toBe('INVALID_REQUEST');
    const single = await host.callWithFrames('sign', { ...base, stream: true });
    expect(single).toHaveLength(1);
    expect(single[0]!.result).toEqual({ signatures: [expect.any(String)] });
  });

  it('one digest gets no progress event; a wrong PIN on a batch fails at login before any progress', async () => {
    const base = {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
    };
    const single = await host.callWithFrames('sign', {
      ...base,
      digests: [digestOf(Buffer.from('one'), 'sha256')],
      pin: TOKEN_A.pin,
    });
    expect(single).toHaveLength(1);
    expect(single[0]!.result?.signatures).toHaveLength(1);
    const wrong = await host.callWithFrames('sign', {
      ...base,
      digests: Array.from({ length: 50 }, (_, i) => digestOf(Buffer.from(`d${i}`), 'sha256')),
      pin: '000000',
    });
    expect(wrong).toHaveLength(1);
    expect(wrong[0]!.error?.code).toBe('PIN_INCORRECT');
  });

  it('signs SHA-512 with PKCS#1 v1.5 (DigestInfo for SHA-512)', async () => {
    const m = randomBytes(64);
    const { signatures } = (await host.result('sign', {
      handle: handles.get(other.label),
      hashAlgorithm: 'SHA-512',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(m, 'sha512')],
      pin: TOKEN_B.pin,
    })) as { signatures: string[] };
    expect(verify('sha512', m, other.x509.publicKey, Buffer.from(signatures[0]!, 'base64'))).toBe(true);
  });

  it('signs RSA-PSS (SHA-384, MGF1-SHA-384, salt = 48 bytes)', async () => {
    const m = randomBytes(200);
    const { signatures } = (await host.result('sign', {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-384',
      scheme: 'RSA-PSS',
      digests: [digestOf(m, 'sha384')],
      pin: TOKEN_A.pin,
    })) as { signatures: string[] };
    const sig = Buffer.from(signatures[0]!, 'base64');
    const key = { key: rsa.x509.publicKey, padding: constants.RSA_PKCS1_PSS_PADDING };
    expect(verify('sha384', m, { ...key, saltLength: 48 }, sig)).toBe(true);
    expect(verify('sha384', m, { ...key, saltLength: 32 }, sig)).toBe(false);
  });

  it('signs ECDSA P-256 as raw r‖s (64 bytes)', async () => {
    const messages = [randomBytes(10), randomBytes(20)];
    const { signatures } = (await host.result('sign', {
      handle: handles.get(ec.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'ECDSA',
      digests: messages.map((m) => digestOf(m, 'sha256')),
      pin: TOKEN_A.pin,
    })) as { signatures: string[] };
    messages.forEach((m, i) => {
      const sig = Buffer.from(signatures[i]!, 'base64');
      expect(sig).toHaveLength(64);
      expect(verify('sha256', m, { key: ec.x509.publicKey, dsaEncoding: 'ieee-p1363' }, sig)).toBe(true);
    });
  });

  it('gives a CKA_ALWAYS_AUTHENTICATE key its context-specific login for every digest', async () => {
    const messages = [randomBytes(10), randomBytes(10)];
    const { signatures } = (await host.result('sign', {
      handle: handles.get(always.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: messages.map((m) => digestOf(m, 'sha256')),
      pin: TOKEN_A.pin,
    })) as { signatures: string[] };
    messages.forEach((m, i) => {
      expect(verify('sha256', m, always.x509.publicKey, Buffer.from(signatures[i]!, 'base64'))).toBe(true);
    });
  });

  it('maps a wrong PIN to PIN_INCORRECT with the token flags after the failure', async () => {
    const reply = await host.call('sign', {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(Buffer.from('x'), 'sha256')],
      pin: '000000',
    });
    expect(reply.error?.code).toBe('PIN_INCORRECT');
    // SoftHSM raises "count low" after a failure (it has no lock; see pinPolicy tests).
    expect(reply.error?.data).toEqual({ pinCountLow: true, pinFinalTry: false, pinLocked: false });
  });

  it('refuses a PIN of the wrong length with PIN_INVALID before trying it', async () => {
    const base = {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(Buffer.from('x'), 'sha256')],
    };
    const short = await host.call('sign', { ...base, pin: '12' });
    expect(short.error?.code).toBe('PIN_INVALID');
    expect(short.error?.data).toMatchObject({ minLength: 4 });
    const none = await host.call('sign', base);
    expect(none.error?.code).toBe('PIN_INVALID');
  });

  it('logs out after every sign, also after a failing digest', async () => {
    const digest = digestOf(Buffer.from('y'), 'sha512');
    // RSA-1024 cannot hold a PSS encoding with a 64-byte hash and a 64-byte salt.
    const failing = await host.call('sign', {
      handle: handles.get(small.label),
      hashAlgorithm: 'SHA-512',
      scheme: 'RSA-PSS',
      digests: [digest, digest],
      pin: TOKEN_A.pin,
    });
    expect(failing.error?.code).not.toBeUndefined();
    expect(failing.error?.data).toMatchObject({ digestIndex: 0 });
    // Were the token still logged in, a wrong PIN would be ignored and this would sign.
    const after = await host.call('sign', {
      handle: handles.get(small.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(Buffer.from('z'), 'sha256')],
      pin: '999999',
    });
    expect(after.error?.code).toBe('PIN_INCORRECT');
  });

  it('answers CERTIFICATE_NOT_FOUND for unknown handles', async () => {
    const params = {
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(Buffer.from('x'), 'sha256')],
      pin: TOKEN_A.pin,
    };
    expect((await host.call('sign', { ...params, handle: 'not-a-handle' })).error?.code).toBe(
      'CERTIFICATE_NOT_FOUND',
    );
    const [prefix, module, serial] = handles.get(rsa.label)!.split('.');
    const unknownId = `${prefix}.${module}.${serial}.${Buffer.from([0x7f]).toString('base64url')}`;
    expect((await host.call('sign', { ...params, handle: unknownId })).error?.code).toBe(
      'CERTIFICATE_NOT_FOUND',
    );
    const otherModule = `${prefix}.${Buffer.from('/usr/lib/none.so').toString('base64url')}.${serial}.AQ`;
    expect((await host.call('sign', { ...params, handle: otherModule })).error?.code).toBe(
      'CERTIFICATE_NOT_FOUND',
    );
  });

  it('answers TOKEN_REMOVED for a handle whose token is not present', async () => {
    const [prefix, module, , id] = handles.get(rsa.label)!.split('.');
    const gone = `${prefix}.${module}.${Buffer.from('0000000000000000').toString('base64url')}.${id}`;
    const reply = await host.call('sign', {
      handle: gone,
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(Buffer.from('x'), 'sha256')],
      pin: TOKEN_A.pin,
    });
    expect(reply.error?.code).toBe('TOKEN_REMOVED');
  });

  it('refuses a scheme that does not fit the key with INVALID_REQUEST', async () => {
    const reply = await host.call('sign', {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'ECDSA',
      digests: [digestOf(Buffer.from('x'), 'sha256')],
      pin: TOKEN_A.pin,
    });
    expect(reply.error?.code).toBe('INVALID_REQUEST');
  });

  it('refuses malformed sign params with INVALID_REQUEST and the request id', async () => {
    const cases: unknown[] = [
      undefined,
      { handle: handles.get(rsa.label) },
      { handle: handles.get(rsa.label), hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: ['AAAA'] },
      {
        handle: handles.get(rsa.label),
        hashAlgorithm: 'MD5',
        scheme: 'ECDSA',
        digests: [digestOf(Buffer.from('x'), 'sha256')],
      },
      { handle: handles.get(rsa.label), hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: [] },
    ];
    for (const params of cases) {
      const reply = await host.call('sign', params);
      expect(reply.error?.code).toBe('INVALID_REQUEST');
      expect(typeof reply.id).toBe('number');
    }
  });

  it('logout answers an empty result', async () => {
    expect(await host.result('logout')).toEqual({});
  });
});

describe('prepareSign over stdio', () => {
  it('prepares ahead of the PIN, then the sign naming it signs; releaseSign and a PIN in prepareSign', async () => {
    const message = randomBytes(64);
    const request = {
      handle: handles.get(rsa.label),
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [digestOf(message, 'sha256')],
    };
    expect(await host.result('prepareSign', { ...request, prepared: 'tab-1-op-1' })).toEqual({});
    const { signatures } = (await host.result('sign', {
      ...request,
      pin: TOKEN_A.pin,
      prepared: 'tab-1-op-1',
    })) as { signatures: string[] };
    expect(verify('sha256', message, rsa.x509.publicKey, Buffer.from(signatures[0]!, 'base64'))).toBe(true);
    // Used: there is nothing left to release.
    expect(await host.result('releaseSign', { prepared: 'tab-1-op-1' })).toEqual({ released: false });
    await host.result('prepareSign', { ...request, prepared: 'tab-1-op-2' });
    expect(await host.result('releaseSign', { prepared: 'tab-1-op-2' })).toEqual({ released: true });
    const withPin = await host.call('prepareSign', { ...request, prepared: 'op-3', pin: TOKEN_A.pin });
    expect(withPin.error?.code).toBe('INVALID_REQUEST');
  });
});
