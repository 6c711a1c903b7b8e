import { afterEach, describe, expect, it, vi } from 'vitest';
import { NativeHost } from '../../extension/src/background/nativePort.js';
import { FakeNativePort, HELLO } from './fakeNativePort.js';

function hostWith(reply: ConstructorParameters<typeof FakeNativePort>[0]) {
  const ports: FakeNativePort[] = [];
  const host = new NativeHost({
    connect: () => {
      const p = new FakeNativePort(reply);
      ports.push(p);
      return p;
    },
    disconnectMessage: (p) => (p as FakeNativePort).error,
    idleCloseMs: 1000,
  });
  return { host, ports };
}

const standard = (req: { id: number; method: string }) => {
  if (req.method === 'hello') return { v: 1, id: req.id, result: HELLO };
  if (req.method === 'listTokens') return { v: 1, id: req.id, result: { tokens: [] } };
  if (req.method === 'sign')
    return {
      v: 1,
      id: req.id,
      error: { code: 'PIN_INCORRECT', message: 'wrong', data: { pinCountLow: true } },
    };
  return undefined;
};

afterEach(() => {
  vi.useRealTimers();
});

describe('NativeHost', () => {
  it('says hello first, then correlates calls on one persistent port', async () => {
    const { host, ports } = hostWith(standard);
    expect(await host.call('listTokens')).toEqual({ tokens: [] });
    expect(await host.call('listTokens')).toEqual({ tokens: [] });
    expect(ports).toHaveLength(1);
    expect(ports[0]!.sent.map((s) => s.method)).toEqual(['hello', 'listTokens', 'listTokens']);
    expect(ports[0]!.sent.every((s) => (s as unknown as { v: number }).v === 1)).toBe(true);
    expect(host.hello).toEqual(HELLO);
  });

  it('maps host error replies to KysoError with their data', async () => {
    const { host } = hostWith(standard);
    await expect(
      host.call('sign', { handle: 'h', hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: ['x'] }),
    ).rejects.toMatchObject({ code: 'PIN_INCORRECT', data: { pinCountLow: true } });
  });

  it('fails pending calls with HOST_UNAVAILABLE when the host dies, then reconnects', async () => {
    const { host, ports } = hostWith((req) =>
      req.method === 'hello' ? { v: 1, id: req.id, result: HELLO } : undefined,
    );
    await host.ensureReady();
    const pending = host.call('listTokens');
    await Promise.resolve();
    ports[0]!.die('Native host has exited.');
    await expect(pending).rejects.toMatchObject({ code: 'HOST_UNAVAILABLE', data: { reason: 'exited' } });
    expect(host.connected).toBe(false);
    await host.ensureReady();
    expect(ports).toHaveLength(2);
  });

  it('reports a missing host as HOST_UNAVAILABLE / not-installed', async () => {
    const { host, ports } = hostWith(() => undefined);
    const ready = host.ensureReady();
    ports[0]!.die('Specified native messaging host not found.');
    await expect(ready).rejects.toMatchObject({
      code: 'HOST_UNAVAILABLE',
      data: { reason: 'not-installed' },
    });
  });

  it('refuses a host speaking another protocol version with VERSION_MISMATCH and drops the port', async () => {
    const { host, ports } = hostWith((req) => ({ v: 1, id: req.id, result: { ...HELLO, protocol: 2 } }));
    await expect(host.call('listTokens')).rejects.toMatchObject({ code: 'VERSION_MISMATCH' });
    expect(ports[0]!.disconnected).toBe(true);
    expect(host.connected).toBe(false);
  });

  it('turns a call the host never answers into TIMEOUT', async () => {
    vi.useFakeTimers();
    const { host } = hostWith((req) =>
      req.method === 'hello' ? { v: 1, id: req.id, result: HELLO } : undefined,
    );
    await host.ensureReady();
    const call = host.call('listCertificates', undefined, { timeoutMs: 500 });
    const assertion = expect(call).rejects.toMatchObject({ code: 'TIMEOUT' });
    await vi.advanceTimersByTimeAsync(501);
    await assertion;
  });

  it('closes the port when idle and opens a new one on the next call', async () => {
    vi.useFakeTimers();
    const { host, ports } = hostWith(standard);
    await host.call('listTokens');
    await vi.advanceTimersByTimeAsync(999);
    expect(ports[0]!.disconnected).toBe(false);
    await vi.advanceTimersByTimeAsync(2);
    expect(ports[0]!.disconnected).toBe(true);
    expect(host.connected).toBe(false);
    await host.call('listTokens');
    expect(ports).toHaveLength(2);
  });

  it('ignores replies with unknown ids and forwards events to the caller', async () => {
    const events: unknown[] = [];
    const { host, ports } = hostWith((req) =>
      req.method === 'hello' ? { v: 1, id: req.id, result: HELLO } : undefined,
    );
    await host.ensureReady();
    const call = host.call('listTokens', undefined, { onEvent: (e, d) => events.push([e, d]) });
    await Promise.resolve();
    const id = ports[0]!.sent[1]!.id;
    ports[0]!.emit({ v: 1, id: 999, result: { tokens: ['wrong'] } });
    ports[0]!.emit({ v: 1, id, event: 'progress', data: { done: 1 } });
    ports[0]!.emit({ v: 1, id, result: { tokens: [] } });
    expect(await call).toEqual({ tokens: [] });
    expect(events).toEqual([['progress', { done: 1 }]]);
  });
});
