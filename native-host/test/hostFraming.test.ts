/** The real host process: framing, malformed input and the process lifecycle. */
import { BROWSER_TO_HOST_MAX_BYTES } from '@kyso/lib/protocol';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureHostBuilt } from './support/hostBuild.js';
import { frame, HostClient } from './support/hostClient.js';

beforeAll(() => {
  ensureHostBuilt();
});

/** A host with no PKCS#11 module at all (only framing is under test). */
function bareHost(args: string[] = []): HostClient {
  return new HostClient({ KYSO_PKCS11_MODULES: '' }, args);
}

function header(length: number): Buffer {
  const h = Buffer.alloc(4);
  h.writeUInt32LE(length, 0);
  return h;
}

describe('host process framing', () => {
  it('answers hello, and exits promptly with code 0 when stdin closes', async () => {
    const host = bareHost();
    const hello = await host.result('hello');
    expect(hello).toMatchObject({ protocol: 1, modules: [] });
    expect(await host.close()).toBe(0);
  });

  it('runs the host when started by Chrome (origin argument) or Firefox (manifest path, id)', async () => {
    for (const args of [
      ['chrome-extension://abcdefghijklmnopabcdefghijklmnop/'],
      ['/tmp/vn.kyso.host.json', 'kyso@kyso.vn'],
    ]) {
      const host = bareHost(args);
      expect((await host.result('hello')).protocol).toBe(1);
      expect(await host.close()).toBe(0);
    }
  });

  it('answers two requests in flight, in order, each with its own id', async () => {
    const host = bareHost();
    host.write(
      Buffer.concat([
        frame(JSON.stringify({ v: 1, id: 'first', method: 'hello' })),
        frame(JSON.stringify({ v: 1, id: 'second', method: 'listTokens' })),
      ]),
    );
    const replies = await host.waitForReplies(2);
    expect(replies.map((r) => r.id)).toEqual(['first', 'second']);
    expect(replies[1]!.result).toEqual({ tokens: [] });
    await host.close();
  });

  it('reassembles a frame sent one byte at a time', async () => {
    const host = bareHost();
    const bytes = frame(JSON.stringify({ v: 1, id: 7, method: 'listCertificates' }));
    for (const b of bytes) host.write(Buffer.from([b]));
    const [reply] = await host.waitForReplies(1);
    expect(reply).toEqual({ v: 1, id: 7, result: { certificates: [] } });
    await host.close();
  });

  it('refuses invalid JSON, invalid UTF-8, unknown methods and missing fields with INVALID_REQUEST', async () => {
    const host = bareHost();
    host.write(frame('{"v":1,"id":1,'));
    host.write(frame(Buffer.from([0x7b, 0xff, 0xfe, 0x7d])));
    host.send({ v: 1, id: 'u', method: 'format' });
    host.send({ id: 'nov', method: 'hello' });
    host.send({ v: 1, method: 'hello' });
    host.send([1, 2, 3]);
    host.send({ v: 2, id: 'v2', method: 'hello' });
    const replies = await host.waitForReplies(7);
    for (const r of replies) expect(r.error?.code).toBe('INVALID_REQUEST');
    expect(replies.map((r) => r.id)).toEqual([null, null, 'u', 'nov', null, null, 'v2']);
    expect((await host.result('hello')).protocol).toBe(1);
    await host.close();
  });

  it('refuses a length prefix above the limit at once, skips its body and carries on', async () => {
    const host = bareHost();
    const size = BROWSER_TO_HOST_MAX_BYTES + 1;
    host.write(header(size));
    const [refusal] = await host.waitForReplies(1);
    expect(refusal!.error?.code).toBe('INVALID_REQUEST');
    expect(refusal!.error?.message).toMatch(String(size));
    host.write(Buffer.alloc(size, 0x41));
    expect((await host.result('hello')).protocol).toBe(1);
    await host.close();
  });

  it('refuses a 4 GiB length prefix without allocating and exits cleanly when stdin closes', async () => {
    const host = bareHost();
    host.write(header(0xffffffff));
    const [refusal] = await host.waitForReplies(1);
    expect(refusal!.error?.code).toBe('INVALID_REQUEST');
    expect(await host.close()).toBe(0);
  });

  it('reports a truncated frame when stdin ends inside it, then exits', async () => {
    const host = bareHost();
    host.write(Buffer.concat([header(100), Buffer.from('{"v":1,"id":')]));
    const code = await host.close();
    expect(code).toBe(0);
    expect(host.replies).toHaveLength(1);
    expect(host.replies[0]!.error).toMatchObject({ code: 'INVALID_REQUEST', message: 'truncated frame' });
    expect(host.stderr).toMatch(/middle of a frame/);
  });

  it('survives a short burst of random and mutated frames', async () => {
    const host = bareHost();
    const valid = Buffer.from(JSON.stringify({ v: 1, id: 1, method: 'hello' }));
    let seed = 12345;
    const rand = (n: number): number => {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      return seed % n;
    };
    const count = 500;
    for (let i = 0; i < count; i++) {
      const body = Buffer.from(valid);
      if (i % 2 === 0) for (let k = 0; k < 1 + rand(4); k++) body[rand(body.length)] = rand(256);
      else for (let k = 0; k < body.length; k++) body[k] = rand(256);
      host.write(frame(body));
    }
    const replies = await host.waitForReplies(count);
    for (const r of replies) {
      if (r.error) expect(r.error.code).toBe('INVALID_REQUEST');
      else expect(r.result).toMatchObject({ protocol: 1 });
    }
    expect(host.child.exitCode).toBeNull();
    expect(await host.close()).toBe(0);
  });
});
