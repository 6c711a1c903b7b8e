/**
 * A Node client for `kyso-host` over stdio, speaking native-messaging frames as a browser does: for
 * scripts (the `npm start` walkthrough), benchmarks and tests.
 */
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeFrame } from '../framing/frameWriter.js';

/** `native-host/bin/kyso-host.js` (the same two levels up from src/client and dist/client). */
export const HOST_BIN = fileURLToPath(new URL('../../bin/kyso-host.js', import.meta.url));

export interface Reply {
  v: number;
  id: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: string; message: string; data?: Record<string, unknown> };
  /** Set on event frames (sent before the reply to the same id). */
  event?: string;
  data?: unknown;
}

export class HostClient {
  readonly child: ChildProcessWithoutNullStreams;
  readonly replies: Reply[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0) as Buffer;
  private waiters: (() => void)[] = [];
  private nextId = 1;
  readonly exited: Promise<number | null>;

  /** Starts `kyso-host` (this package's bin) with `env` on top of PATH and HOME; builtin modules off. */
  constructor(env: Record<string, string>, args: string[] = []) {
    this.child = spawn(process.execPath, [HOST_BIN, ...args], {
      env: {
        PATH: process.env.PATH ?? '',
        HOME: process.env.HOME ?? '/tmp',
        KYSO_PKCS11_BUILTIN: '0',
        ...env,
      },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (d: Buffer) => {
      this.buffer = Buffer.concat([this.buffer, d]);
      while (this.buffer.length >= 4 && this.buffer.length >= 4 + this.buffer.readUInt32LE(0)) {
        const n = this.buffer.readUInt32LE(0);
        this.replies.push(JSON.parse(this.buffer.subarray(4, 4 + n).toString('utf8')) as Reply);
        this.buffer = this.buffer.subarray(4 + n);
      }
      for (const w of this.waiters.splice(0)) w();
    });
    this.child.stderr.on('data', (d: Buffer) => {
      this.stderr += d.toString();
    });
    this.child.stdin.on('error', () => {});
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
  }

  write(bytes: Buffer): void {
    this.child.stdin.write(bytes);
  }

  send(message: unknown): void {
    this.write(encodeFrame(JSON.stringify(message)));
  }

  /** Waits until `count` replies have arrived in total. */
  async waitForReplies(count: number, timeoutMs = 20_000): Promise<Reply[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.replies.length < count) {
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${count} replies; stderr: ${this.stderr}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.replies.slice(0, count);
  }

  /** Sends one request and returns its reply (matched by id; events are skipped). */
  async call(method: string, params?: unknown): Promise<Reply> {
    const frames = await this.callWithFrames(method, params);
    return frames.at(-1)!;
  }

  /** Sends one request and returns every frame with its id, in arrival order, up to the reply. */
  async callWithFrames(method: string, params?: unknown): Promise<Reply[]> {
    const id = this.nextId++;
    this.send(params === undefined ? { v: 1, id, method } : { v: 1, id, method, params });
    const deadline = Date.now() + 20_000;
    for (;;) {
      const frames = this.replies.filter((r) => r.id === id);
      if (frames.some((r) => r.event === undefined)) return frames;
      if (Date.now() > deadline) throw new Error(`no reply to ${method}; stderr: ${this.stderr}`);
      await this.waitForReplies(this.replies.length + 1, deadline - Date.now());
    }
  }

  async result(method: string, params?: unknown): Promise<Record<string, unknown>> {
    const reply = await this.call(method, params);
    if (!reply.result) throw new Error(`${method} failed: ${JSON.stringify(reply.error)}`);
    return reply.result;
  }

  async close(): Promise<number | null> {
    this.child.stdin.end();
    return this.exited;
  }
}
