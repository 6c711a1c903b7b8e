/**
 * Behaviours of hardware tokens SoftHSM lacks, through the PIN policy
 * fixture module (fixtures/pinPolicyModule.c) wrapped around SoftHSM:
 * retry flags, locking after repeated wrong PINs and the PIN pad. Plus a
 * token removed between listing and signing. Each test uses a throwaway
 * SOFTHSM2_CONF, never the shared demo tokens.
 */
import { createHash, randomBytes, verify } from 'node:crypto';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { deleteToken, softHsmModulePath } from '../src/devTokens/softhsmTokens.js';
import { ensureHostBuilt } from './support/hostBuild.js';
import { HostClient } from './support/hostClient.js';
import {
  buildPinPolicyModule,
  createTestHsm,
  makeIdentity,
  type TestHsm,
  type TestIdentity,
} from './support/testTokens.js';

const TOKEN = { label: 'kyso-pin-policy', pin: '246810', soPin: '13579111' };
let identity: TestIdentity;
let policyModule: string;
let fixtureDir: TestHsm;
const open: { host: HostClient; hsm: TestHsm }[] = [];

beforeAll(() => {
  ensureHostBuilt();
  identity = makeIdentity('rsa', 'Vo Thi F', '0a');
  fixtureDir = createTestHsm([]);
  policyModule = buildPinPolicyModule(fixtureDir.dir);
  return () => fixtureDir.cleanup();
});

afterEach(async () => {
  for (const { host, hsm } of open.splice(0)) {
    await host.close();
    hsm.cleanup();
  }
});

function start(env: Record<string, string>): { host: HostClient; hsm: TestHsm } {
  const hsm = createTestHsm([{ token: TOKEN, identities: [identity] }]);
  const host = new HostClient({ SOFTHSM2_CONF: hsm.conf, ...env });
  const entry = { host, hsm };
  open.push(entry);
  return entry;
}

async function handleOf(host: HostClient): Promise<string> {
  const { certificates } = (await host.result('listCertificates')) as { certificates: { handle: string }[] };
  expect(certificates).toHaveLength(1);
  return certificates[0]!.handle;
}

function signParams(handle: string, message: Buffer, pin?: string): Record<string, unknown> {
  const params: Record<string, unknown> = {
    handle,
    hashAlgorithm: 'SHA-256',
    scheme: 'RSASSA-PKCS1-v1_5',
    digests: [createHash('sha256').update(message).digest('base64')],
  };
  if (pin !== undefined) params.pin = pin;
  return params;
}

describe('PIN retry counter and lock', () => {
  it('reports count-low, then final try, then locks; a locked token refuses even the right PIN', async () => {
    const { host } = start({
      KYSO_PKCS11_MODULES: policyModule,
      KYSO_SHIM_TARGET: softHsmModulePath(),
      KYSO_SHIM_PIN_TRIES: '3',
    });
    const handle = await handleOf(host);
    const m = Buffer.from('hello');
    const first = await host.call('sign', signParams(handle, m, '000000'));
    expect(first.error).toMatchObject({
      code: 'PIN_INCORRECT',
      data: { pinCountLow: true, pinFinalTry: false, pinLocked: false },
    });
    const second = await host.call('sign', signParams(handle, m, '000000'));
    expect(second.error).toMatchObject({
      code: 'PIN_INCORRECT',
      data: { pinCountLow: true, pinFinalTry: true, pinLocked: false },
    });
    const third = await host.call('sign', signParams(handle, m, '000000'));
    expect(third.error).toMatchObject({ code: 'PIN_LOCKED', data: { pinLocked: true } });
    const right = await host.call('sign', signParams(handle, m, TOKEN.pin));
    expect(right.error?.code).toBe('PIN_LOCKED');
    const { tokens } = (await host.result('listTokens')) as { tokens: { flags: { pinLocked: boolean } }[] };
    expect(tokens[0]!.flags.pinLocked).toBe(true);
  });

  it('a right PIN before the lock resets the counter', async () => {
    const { host } = start({
      KYSO_PKCS11_MODULES: policyModule,
      KYSO_SHIM_TARGET: softHsmModulePath(),
      KYSO_SHIM_PIN_TRIES: '2',
    });
    const handle = await handleOf(host);
    const m = Buffer.from('again');
    expect((await host.call('sign', signParams(handle, m, '000000'))).error?.data).toMatchObject({
      pinFinalTry: true,
    });
    const ok = (await host.result('sign', signParams(handle, m, TOKEN.pin))) as { signatures: string[] };
    expect(verify('sha256', m, identity.x509.publicKey, Buffer.from(ok.signatures[0]!, 'base64'))).toBe(true);
    const { tokens } = (await host.result('listTokens')) as { tokens: { flags: Record<string, boolean> }[] };
    expect(tokens[0]!.flags).toMatchObject({ pinCountLow: false, pinFinalTry: false, pinLocked: false });
  });
});

describe('protected authentication path (PIN pad)', () => {
  it('logs in without a PIN and says so in the reply', async () => {
    const { host } = start({
      KYSO_PKCS11_MODULES: policyModule,
      KYSO_SHIM_TARGET: softHsmModulePath(),
      KYSO_SHIM_PINPAD_PIN: TOKEN.pin,
    });
    const { tokens } = (await host.result('listTokens')) as { tokens: { flags: Record<string, boolean> }[] };
    expect(tokens[0]!.flags.protectedAuthPath).toBe(true);
    const handle = await handleOf(host);
    const m = randomBytes(32);
    const result = (await host.result('sign', signParams(handle, m))) as {
      signatures: string[];
      protectedAuthPath?: boolean;
    };
    expect(result.protectedAuthPath).toBe(true);
    expect(verify('sha256', m, identity.x509.publicKey, Buffer.from(result.signatures[0]!, 'base64'))).toBe(
      true,
    );
  });

  it('uses a PIN when one is given, and does not claim the PIN pad', async () => {
    const { host } = start({
      KYSO_PKCS11_MODULES: policyModule,
      KYSO_SHIM_TARGET: softHsmModulePath(),
      KYSO_SHIM_PINPAD_PIN: '999999',
    });
    const handle = await handleOf(host);
    const result = (await host.result('sign', signParams(handle, Buffer.from('p'), TOKEN.pin))) as {
      protectedAuthPath?: boolean;
    };
    expect(result.protectedAuthPath).toBeUndefined();
  });
});

describe('token removed between listing and signing', () => {
  it('answers TOKEN_REMOVED', async () => {
    const { host, hsm } = start({ KYSO_PKCS11_MODULES: softHsmModulePath() });
    const handle = await handleOf(host);
    // A first signature makes the host remember the token's slot.
    expect(
      (await host.call('sign', signParams(handle, Buffer.from('here'), TOKEN.pin))).result,
    ).toBeDefined();
    deleteToken(hsm.conf, TOKEN.label);
    const reply = await host.call('sign', signParams(handle, Buffer.from('gone'), TOKEN.pin));
    expect(reply.error?.code).toBe('TOKEN_REMOVED');
    expect((await host.result('listTokens')).tokens).toEqual([]);
  });
});

describe('logging', () => {
  it('logs to stderr at debug level without PINs, digests or signatures', async () => {
    const { host } = start({ KYSO_PKCS11_MODULES: softHsmModulePath(), KYSO_HOST_LOG: 'debug' });
    const handle = await handleOf(host);
    const message = randomBytes(16);
    const params = signParams(handle, message, TOKEN.pin);
    const { signatures } = (await host.result('sign', params)) as { signatures: string[] };
    await host.call('sign', { ...params, pin: '975310' });
    await host.close();
    expect(host.stderr).toMatch(/request done/);
    for (const secret of [TOKEN.pin, '975310', (params.digests as string[])[0]!, signatures[0]!])
      expect(host.stderr).not.toContain(secret);
  });
});
