/**
 * Fuzzes a real kyso-host process over stdio (SoftHSM token loaded):
 *  - ≥ 100,000 frames (random bytes, mutated valid requests, random JSON shapes, edge
 *    cases) on one long-lived host: every frame gets exactly one well-formed reply, in
 *    order, with the request's id when it had a readable one, a shared error code and
 *    never INTERNAL; the host never crashes or hangs;
 *  - unreadable streams (random bytes with random length prefixes, cut anywhere) on
 *    fresh hosts: each answers INVALID_REQUEST and exits 0 when stdin closes.
 *
 *   node --import tsx bench/fuzzNativeHost.ts [frames] [streams]
 */
import { spawn } from 'node:child_process';
import { isErrorCode, readRequestId } from '@kyso/lib/protocol';
import { softHsmModulePath } from '../native-host/src/devTokens/softhsmTokens.js';
import { ensureHostBuilt, HOST_BIN } from '../native-host/test/support/hostBuild.js';
import { frame, HostClient, type Reply } from '../native-host/test/support/hostClient.js';
import { createTestHsm, makeIdentity } from '../native-host/test/support/testTokens.js';

const FRAMES = Number(process.argv[2] ?? 100_000);
const STREAMS = Number(process.argv[3] ?? 60);
const BATCH = 2_000;

let seed = 0x6b79736f;
function rand(n: number): number {
  // xorshift32
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) % n;
}
const pick = <T>(xs: readonly T[]): T => xs[rand(xs.length)]!;

ensureHostBuilt();
const TOKEN = { label: 'kyso-fuzz', pin: '123456', soPin: '12345678' };
const hsm = createTestHsm([{ token: TOKEN, identities: [makeIdentity('ec', 'Fuzz EC', '01')] }]);
const env = { SOFTHSM2_CONF: hsm.conf, KYSO_PKCS11_MODULES: softHsmModulePath() };
const host = new HostClient(env);
const { certificates } = (await host.result('listCertificates')) as { certificates: { handle: string }[] };
const handle = certificates[0]!.handle;
host.replies.length = 0;

const digest = Buffer.alloc(32, 7).toString('base64');
const TEMPLATES: unknown[] = [
  { v: 1, id: 1, method: 'hello' },
  { v: 1, id: 'x', method: 'listTokens', params: {} },
  { v: 1, id: 2, method: 'listCertificates' },
  { v: 1, id: 3, method: 'logout' },
  {
    v: 1,
    id: 4,
    method: 'sign',
    params: { handle, hashAlgorithm: 'SHA-256', scheme: 'ECDSA', digests: [digest], pin: '000000' },
  },
  {
    v: 1,
    id: 5,
    method: 'sign',
    params: { handle: 'k1.AA.AA.AA', hashAlgorithm: 'SHA-384', scheme: 'RSA-PSS', digests: [digest] },
  },
];
const TEMPLATE_BYTES = TEMPLATES.map((t) => Buffer.from(JSON.stringify(t)));

function randomJson(depth: number): unknown {
  switch (rand(depth > 3 ? 6 : 9)) {
    case 0:
      return null;
    case 1:
      return rand(2) === 0;
    case 2:
      return pick([0, -1, 1.5, 2 ** 53, 1e308, -0, Number.MAX_SAFE_INTEGER + 2]);
    case 3:
      return pick(['', 'hello', 'sign', 'SHA-256', 'ECDSA', '\u0000', 'é✓𝄞', 'A'.repeat(rand(2000))]);
    case 4:
      return pick(['AAAA', digest, '====', 'k1.a.b.c', handle]);
    case 5:
      return pick([1, 'id', 'hello', 'listTokens', 'sign', 'logout', 'listCertificates']);
    case 6:
      return Array.from({ length: rand(5) }, () => randomJson(depth + 1));
    default: {
      const o: Record<string, unknown> = {};
      for (let i = rand(6); i > 0; i--)
        o[
          pick([
            'v',
            'id',
            'method',
            'params',
            'handle',
            'digests',
            'pin',
            'scheme',
            'hashAlgorithm',
            '__proto__',
            'constructor',
          ])
        ] = randomJson(depth + 1);
      return o;
    }
  }
}

function mutate(bytes: Buffer): Buffer {
  let b = Buffer.from(bytes);
  for (let k = 1 + rand(4); k > 0; k--) {
    const at = rand(b.length + 1);
    switch (rand(5)) {
      case 0:
        if (b.length > 0) b[rand(b.length)] = rand(256);
        break;
      case 1:
        b = Buffer.concat([b.subarray(0, at), Buffer.from([rand(256)]), b.subarray(at)]);
        break;
      case 2:
        b = Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + rand(8)))]);
        break;
      case 3:
        b = b.subarray(0, at);
        break;
      default:
        b = Buffer.concat([b, b.subarray(at, at + rand(16))]);
    }
  }
  return b;
}

function nextBody(i: number): Buffer {
  if (i % 5000 === 4999) return Buffer.from(`${'['.repeat(20000)}${']'.repeat(20000)}`);
  if (i % 5000 === 2499)
    return Buffer.from(
      JSON.stringify({ v: 1, id: i, method: 'hello', params: { pad: 'x'.repeat(200_000) } }),
    );
  switch (rand(4)) {
    case 0:
      return Buffer.from(Array.from({ length: rand(120) }, () => rand(256)));
    case 1:
      return mutate(pick(TEMPLATE_BYTES));
    case 2: {
      const t = { ...(pick(TEMPLATES) as Record<string, unknown>) };
      t[pick(['v', 'id', 'method', 'params'])] = randomJson(0);
      return Buffer.from(JSON.stringify(t));
    }
    default:
      return Buffer.from(JSON.stringify(randomJson(0)));
  }
}

function expectedId(body: Buffer): string | number | null {
  try {
    return readRequestId(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(body)));
  } catch {
    return null;
  }
}

const codes = new Map<string, number>();
const failures: string[] = [];
function check(reply: Reply, want: string | number | null, body: Buffer): void {
  const fail = (why: string): void => {
    if (failures.length < 20)
      failures.push(
        `${why}: request ${body.subarray(0, 120).toString('latin1')} → ${JSON.stringify(reply).slice(0, 200)}`,
      );
  };
  if (reply.v !== 1) fail('reply without v:1');
  if (
    reply.id !== want &&
    !(reply.error && reply.id === null && want !== null && reply.error.code === 'INVALID_REQUEST' && false)
  )
    fail(`id ${JSON.stringify(reply.id)} instead of ${JSON.stringify(want)}`);
  if (reply.error) {
    if (!isErrorCode(reply.error.code)) fail('unknown error code');
    if (reply.error.code === 'INTERNAL') fail('INTERNAL error');
    codes.set(reply.error.code, (codes.get(reply.error.code) ?? 0) + 1);
  } else if (reply.result && typeof reply.result === 'object')
    codes.set('result', (codes.get('result') ?? 0) + 1);
  else fail('neither result nor error');
}

const started = performance.now();
let sent = 0;
while (sent < FRAMES) {
  const n = Math.min(BATCH, FRAMES - sent);
  const bodies = Array.from({ length: n }, (_, k) => nextBody(sent + k));
  host.write(Buffer.concat(bodies.map((b) => frame(b))));
  try {
    await host.waitForReplies(n, 120_000);
  } catch (e) {
    failures.push(`host hung or died after ${sent} frames: ${(e as Error).message.slice(0, 300)}`);
    break;
  }
  const replies = host.replies.splice(0, n);
  for (let k = 0; k < n; k++) check(replies[k]!, expectedId(bodies[k]!), bodies[k]!);
  sent += n;
  if (host.child.exitCode !== null) {
    failures.push(`host exited with ${host.child.exitCode} after ${sent} frames`);
    break;
  }
}
const alive = await host.call('hello').catch(() => undefined);
if (!alive?.result) failures.push('host does not answer hello after the run');
const exitCode = await host.close();
if (exitCode !== 0) failures.push(`host exit code ${exitCode} at the end`);
const frameSeconds = (performance.now() - started) / 1000;

// ---- unreadable streams on fresh hosts -------------------------------------------------------------
function streamCase(
  bytes: Buffer,
): Promise<{ code: number | null; replies: number; bad: number; ms: number }> {
  return new Promise((resolve) => {
    const t = performance.now();
    const child = spawn(process.execPath, [HOST_BIN], {
      env: { PATH: process.env.PATH ?? '', KYSO_PKCS11_BUILTIN: '0', KYSO_PKCS11_MODULES: '' },
      stdio: ['pipe', 'pipe', 'ignore'],
    });
    let out = Buffer.alloc(0);
    child.stdout.on('data', (d: Buffer) => {
      out = Buffer.concat([out, d]);
    });
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      let replies = 0;
      let bad = 0;
      for (let o = 0; o + 4 <= out.length; ) {
        const len = out.readUInt32LE(o);
        const r = JSON.parse(out.subarray(o + 4, o + 4 + len).toString()) as Reply;
        replies++;
        if (r.error?.code !== 'INVALID_REQUEST' && !r.result) bad++;
        o += 4 + len;
      }
      resolve({ code, replies, bad, ms: performance.now() - t });
    });
    child.stdin.on('error', () => {});
    child.stdin.end(bytes);
  });
}
let streamFailures = 0;
let slowest = 0;
for (let i = 0; i < STREAMS; i++) {
  const parts: Buffer[] = [];
  for (let k = rand(6); k >= 0; k--) {
    const h = Buffer.alloc(4);
    h.writeUInt32LE(rand(3) === 0 ? rand(64) : (rand(0xffffffff) | 0x00400000) >>> 0, 0);
    parts.push(h, Buffer.from(Array.from({ length: rand(4000) }, () => rand(256))));
  }
  const all = Buffer.concat(parts);
  const r = await streamCase(all.subarray(0, rand(all.length + 1)));
  slowest = Math.max(slowest, r.ms);
  if (r.code !== 0 || r.bad > 0) {
    streamFailures++;
    failures.push(`stream case ${i}: exit ${r.code}, ${r.bad} bad replies`);
  }
}
hsm.cleanup();

console.log(
  `kyso-host fuzz: ${sent} frames in ${frameSeconds.toFixed(1)} s (${Math.round(sent / frameSeconds)} frames/s)`,
);
console.log(`replies: ${[...codes.entries()].map(([k, v]) => `${k} ${v}`).join(', ')}`);
console.log(
  `unreadable streams: ${STREAMS} fresh hosts, ${STREAMS - streamFailures} exited 0 with only INVALID_REQUEST replies (slowest ${slowest.toFixed(0)} ms)`,
);
if (failures.length > 0) {
  console.log(`FAILURES (${failures.length}):\n  ${failures.join('\n  ')}`);
  process.exit(1);
}
console.log('no crash, no hang, no INTERNAL, every reply well-formed');
