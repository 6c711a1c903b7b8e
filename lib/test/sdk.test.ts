import { execFileSync } from 'node:child_process';
import { constants, createPrivateKey, privateEncrypt, X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  ERROR_CODES,
  ERROR_FAMILIES,
  EXTENSION_PRESENCE_ATTRIBUTE,
  EXTENSION_READY_EVENT,
  KysoCertificateError,
  KysoClient,
  KysoError,
  KysoInstallationError,
  KysoInternalError,
  KysoPinError,
  PageBridge,
  sdkErrorFromWire,
} from '../src/sdk/index.js';

type Handler = (
  msg: { id: string; method: string; params?: Record<string, unknown> },
  reply: (m: object) => void,
) => void;

/** A page window whose postMessage is answered by a scripted "content script". */
class FakeWindow extends EventTarget {
  location = { origin: 'https://dichvucong.gov.vn' };
  attributes = new Set<string>();
  document = {
    documentElement: { hasAttribute: (n: string) => this.attributes.has(n) },
  };
  posted: unknown[] = [];
  constructor(private readonly handler?: Handler) {
    super();
  }
  deliver(data: unknown, source: unknown = this): void {
    const e = new Event('message') as Event & { data: unknown; source: unknown };
    Object.assign(e, { data, source });
    this.dispatchEvent(e);
  }
  postMessage(data: unknown): void {
    this.posted.push(data);
    queueMicrotask(() => {
      this.deliver(data);
      const m = data as { kyso: number; id: string; method?: string; params?: Record<string, unknown> };
      if (m.method && this.handler) {
        this.handler(m as never, (reply) =>
          queueMicrotask(() => this.deliver({ kyso: 1, id: m.id, ...reply })),
        );
      }
    });
  }
}

const asWindow = (w: FakeWindow) => w as unknown as Window;

afterEach(() => {
  vi.useRealTimers();
});

describe('typed SDK errors', () => {
  it('every shared code has a family class that is a KysoError with that code', () => {
    for (const code of ERROR_CODES) {
      const e = sdkErrorFromWire({ code, message: 'm' });
      expect(e).toBeInstanceOf(KysoError);
      expect(e).toBeInstanceOf(ERROR_FAMILIES[code]);
      expect(e.code).toBe(code);
      expect(e.userMessage('vi').length).toBeGreaterThan(0);
    }
  });

  it('groups codes by what the page should do', () => {
    expect(sdkErrorFromWire({ code: 'HOST_UNAVAILABLE', message: '' })).toBeInstanceOf(KysoInstallationError);
    expect(sdkErrorFromWire({ code: 'PIN_LOCKED', message: '' })).toBeInstanceOf(KysoPinError);
    expect(sdkErrorFromWire({ code: 'CERTIFICATE_EXPIRED', message: '' })).toBeInstanceOf(
      KysoCertificateError,
    );
    expect(sdkErrorFromWire({ code: 'NOT_A_CODE', message: '' })).toBeInstanceOf(KysoInternalError);
  });
});

describe('PageBridge', () => {
  it('sends a v1 request on its own window and resolves with the result after the ack', async () => {
    const win = new FakeWindow((m, reply) => {
      reply({ ack: true });
      reply({ result: { echo: m.method, params: m.params } });
    });
    const r = await new PageBridge(asWindow(win)).call('sign', { a: 1 });
    expect(r).toEqual({ echo: 'sign', params: { a: 1 } });
    expect(win.posted[0]).toMatchObject({ kyso: 1, method: 'sign', params: { a: 1 } });
  });

  it('rejects with the typed error and keeps its data', async () => {
    const win = new FakeWindow((_m, reply) => {
      reply({ ack: true });
      reply({ error: { code: 'PIN_INCORRECT', message: 'wrong', data: { pinFinalTry: true } } });
    });
    const err = await new PageBridge(asWindow(win)).call('sign', {}).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(KysoPinError);
    expect(err).toMatchObject({ code: 'PIN_INCORRECT', data: { pinFinalTry: true } });
  });

  it('passes progress events and ignores replies from other windows or for other ids', async () => {
    const progress: unknown[] = [];
    const win = new FakeWindow((m, reply) => {
      reply({ ack: true });
      queueMicrotask(() => win.deliver({ kyso: 1, id: m.id, result: 'forged' }, {}));
      queueMicrotask(() => win.deliver({ kyso: 1, id: 'other', result: 'other' }));
      reply({ event: 'progress', data: { done: 1, total: 2 } });
      reply({ result: 'real' });
    });
    const r = await new PageBridge(asWindow(win)).call(
      'signBatch',
      {},
      { onProgress: (d) => progress.push(d) },
    );
    expect(r).toBe('real');
    expect(progress).toEqual([{ done: 1, total: 2 }]);
  });

  it('EXTENSION_UNAVAILABLE when nothing acknowledges, TIMEOUT when no result comes', async () => {
    vi.useFakeTimers();
    const silent = new PageBridge(asWindow(new FakeWindow()), { ackTimeoutMs: 500 });
    const a = expect(silent.call('status')).rejects.toBeInstanceOf(KysoInstallationError);
    await vi.advanceTimersByTimeAsync(501);
    await a;
    const acking = new PageBridge(asWindow(new FakeWindow((_m, reply) => reply({ ack: true }))), {
      ackTimeoutMs: 500,
      timeoutMs: 2000,
    });
    const b = expect(acking.call('status')).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(2001);
    await b;
  });
});

describe('KysoClient', () => {
  it('detect fails with EXTENSION_UNAVAILABLE when the extension never announces itself', async () => {
    vi.useFakeTimers();
    const client = new KysoClient(asWindow(new FakeWindow()));
    const p = expect(client.detect({ timeout: 1000 })).rejects.toMatchObject({
      code: 'EXTENSION_UNAVAILABLE',
    });
    await vi.advanceTimersByTimeAsync(1001);
    await p;
  });

  it('detect resolves with the status once the ready event fires', async () => {
    const status = { extension: '0.1.0', host: '0.1.0', protocol: 1, tokens: 0 };
    const win = new FakeWindow((_m, reply) => {
      reply({ ack: true });
      reply({ result: status });
    });
    const client = new KysoClient(asWindow(win));
    const p = client.detect({ timeout: 5000 });
    win.attributes.add(EXTENSION_PRESENCE_ATTRIBUTE);
    win.dispatchEvent(new Event(EXTENSION_READY_EVENT));
    expect(await p).toEqual(status);
    expect(client.present).toBe(true);
  });

  it('sends digests as base64 and never a PIN or an origin', async () => {
    const win = new FakeWindow((m, reply) => {
      reply({ ack: true });
      reply({ result: { signature: 'AA==', hashAlgorithm: 'SHA-256', scheme: 'ECDSA', got: m.params } });
    });
    const r = (await new KysoClient(asWindow(win)).sign({
      certificate: 'MIIB',
      digest: new Uint8Array(32).fill(1),
      hashAlgorithm: 'SHA-256',
      description: 'Tờ khai',
    })) as unknown as { got: Record<string, unknown> };
    expect(r.got).toEqual({
      certificate: 'MIIB',
      digest: Buffer.alloc(32, 1).toString('base64'),
      hashAlgorithm: 'SHA-256',
      description: 'Tờ khai',
    });
  });

  it('signCms builds a CMS the token signs through the extension; openssl verifies it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kyso-sdk-cms-'));
    try {
      execFileSync(
        'openssl',
        [
          'req',
          '-x509',
          '-newkey',
          'rsa:2048',
          '-nodes',
          '-keyout',
          join(dir, 'k.pem'),
          '-out',
          join(dir, 'c.pem'),
          '-days',
          '2',
          '-subj',
          '/CN=SDK Test',
          '-addext',
          'keyUsage=critical,digitalSignature,nonRepudiation,keyCertSign',
        ],
        { stdio: 'pipe' },
      );
      const key = createPrivateKey(readFileSync(join(dir, 'k.pem')));
      const cert = new X509Certificate(readFileSync(join(dir, 'c.pem')));
      const prefix = Buffer.from('3031300d060960864801650304020105000420', 'hex');
      const descriptions: unknown[] = [];
      const win = new FakeWindow((m, reply) => {
        reply({ ack: true });
        const p = m.params as { digest: string; description: string; scheme: string };
        descriptions.push(p.description);
        const sig = privateEncrypt(
          { key, padding: constants.RSA_PKCS1_PADDING },
          Buffer.concat([prefix, Buffer.from(p.digest, 'base64')]),
        );
        reply({ result: { signature: sig.toString('base64'), hashAlgorithm: 'SHA-256', scheme: p.scheme } });
      });
      const content = new TextEncoder().encode('Đơn đề nghị cấp giấy phép\n');
      const der = await new KysoClient(asWindow(win)).signCms(content, {
        certificate: cert.raw.toString('base64'),
        description: 'Đơn đề nghị',
      });
      expect(descriptions).toEqual(['Đơn đề nghị']);
      writeFileSync(join(dir, 'sig.der'), der);
      writeFileSync(join(dir, 'content.txt'), content);
      execFileSync(
        'openssl',
        [
          'cms',
          '-verify',
          '-binary',
          '-inform',
          'DER',
          '-in',
          join(dir, 'sig.der'),
          '-content',
          join(dir, 'content.txt'),
          '-CAfile',
          join(dir, 'c.pem'),
          '-purpose',
          'any',
          '-out',
          join(dir, 'out.txt'),
        ],
        { stdio: 'pipe' },
      );
      expect(readFileSync(join(dir, 'out.txt'))).toEqual(Buffer.from(content));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
