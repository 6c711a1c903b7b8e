/**
 * One persistent `connectNative` port to kyso-host: a `hello` version handshake
 * on connect, replies correlated by id, per-call timeouts, reconnection after the
 * host dies, and closing the port when idle (DESIGN: extension ⇄ host protocol v1).
 */
import {
  type HelloResult,
  HOST_PROTOCOL_VERSION,
  type HostMethod,
  type HostParams,
  type HostResults,
  KysoError,
} from '../../../lib/src/protocol/index.js';
import { fromHostError, hostUnavailable } from './hostErrors.js';

export const HOST_NAME = 'vn.kyso.host';

/** The part of `runtime.Port` this module uses. */
export interface NativePortLike {
  postMessage(message: unknown): void;
  disconnect(): void;
  onMessage: { addListener(cb: (message: unknown) => void): void };
  onDisconnect: { addListener(cb: (port: NativePortLike) => void): void };
}

export interface NativeHostOptions {
  connect: () => NativePortLike;
  /** Why the port closed (Firefox: `port.error`, Chromium: `runtime.lastError`). */
  disconnectMessage: (port: NativePortLike) => string | undefined;
  handshakeTimeoutMs?: number;
  idleCloseMs?: number;
}

export interface CallOptions {
  timeoutMs?: number;
  onEvent?: (event: string, data: unknown) => void;
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: KysoError) => void;
  onEvent: ((event: string, data: unknown) => void) | undefined;
  timer: ReturnType<typeof setTimeout> | undefined;
}

interface Connection {
  port: NativePortLike;
  ready: Promise<HelloResult>;
  pending: Map<number, Pending>;
}

const DEFAULT_CALL_TIMEOUT_MS = 30_000;

export class NativeHost {
  private connection: Connection | undefined;
  private nextId = 1;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private lastHello: HelloResult | undefined;

  constructor(private readonly options: NativeHostOptions) {}

  /** The versions the host reported on the current (or last) connection. */
  get hello(): HelloResult | undefined {
    return this.lastHello;
  }

  get connected(): boolean {
    return this.connection !== undefined;
  }

  /** Connects (if needed) and returns the host's hello. */
  async ensureReady(): Promise<HelloResult> {
    return (this.connection ?? this.open()).ready;
  }

  async call<M extends HostMethod>(
    method: M,
    params?: HostParams[M],
    options: CallOptions = {},
  ): Promise<HostResults[M]> {
    const connection = this.connection ?? this.open();
    await connection.ready;
    if (this.connection !== connection)
      throw new KysoError('HOST_UNAVAILABLE', 'the native host disconnected');
    return (await this.send(connection, method, params, options)) as HostResults[M];
  }

  /** Closes the port now (the host exits on EOF). */
  close(): void {
    const c = this.connection;
    if (!c) return;
    this.connection = undefined;
    this.clearIdle();
    c.port.disconnect();
    this.failAll(c, new KysoError('HOST_UNAVAILABLE', 'the connection to the native host was closed'));
  }

  private open(): Connection {
    let port: NativePortLike;
    try {
      port = this.options.connect();
    } catch (e) {
      const failed = Promise.reject(hostUnavailable(e instanceof Error ? e.message : String(e)));
      failed.catch(() => undefined);
      return {
        port: {
          postMessage() {},
          disconnect() {},
          onMessage: { addListener() {} },
          onDisconnect: { addListener() {} },
        },
        ready: failed,
        pending: new Map(),
      };
    }
    const connection: Connection = { port, ready: Promise.resolve(undefined as never), pending: new Map() };
    this.connection = connection;
    port.onMessage.addListener((message) => this.onMessage(connection, message));
    port.onDisconnect.addListener((p) => {
      if (this.connection === connection) this.connection = undefined;
      this.clearIdle();
      this.failAll(connection, hostUnavailable(this.options.disconnectMessage(p)));
    });
    connection.ready = this.handshake(connection);
    connection.ready.catch(() => undefined);
    return connection;
  }

  private async handshake(connection: Connection): Promise<HelloResult> {
    const hello = (await this.send(connection, 'hello', undefined, {
      timeoutMs: this.options.handshakeTimeoutMs ?? 5_000,
    })) as HelloResult;
    if (!hello || hello.protocol !== HOST_PROTOCOL_VERSION) {
      if (this.connection === connection) this.connection = undefined;
      connection.port.disconnect();
      throw new KysoError(
        'VERSION_MISMATCH',
        `host protocol ${String(hello?.protocol)}, extension ${HOST_PROTOCOL_VERSION}`,
        {
          host: hello?.version ?? null,
        },
      );
    }
    this.lastHello = hello;
    return hello;
  }

  private send(
    connection: Connection,
    method: HostMethod,
    params: unknown,
    options: CallOptions,
  ): Promise<unknown> {
    this.clearIdle();
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timeoutMs = options.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
      const entry: Pending = { resolve, reject, onEvent: options.onEvent, timer: undefined };
      entry.timer = setTimeout(() => {
        connection.pending.delete(id);
        this.armIdle(connection);
        reject(new KysoError('TIMEOUT', `the native host did not answer ${method} in time`));
      }, timeoutMs);
      connection.pending.set(id, entry);
      const frame =
        params === undefined
          ? { v: HOST_PROTOCOL_VERSION, id, method }
          : { v: HOST_PROTOCOL_VERSION, id, method, params };
      try {
        connection.port.postMessage(frame);
      } catch (e) {
        clearTimeout(entry.timer);
        connection.pending.delete(id);
        reject(hostUnavailable(e instanceof Error ? e.message : String(e)));
      }
    });
  }

  private onMessage(connection: Connection, message: unknown): void {
    if (typeof message !== 'object' || message === null) return;
    const m = message as { id?: unknown; result?: unknown; error?: unknown; event?: unknown; data?: unknown };
    if (typeof m.id !== 'number') return;
    const entry = connection.pending.get(m.id);
    if (!entry) return;
    if (typeof m.event === 'string') {
      entry.onEvent?.(m.event, m.data);
      return;
    }
    connection.pending.delete(m.id);
    clearTimeout(entry.timer);
    if ('error' in m && m.error !== undefined) entry.reject(fromHostError(m.error));
    else entry.resolve(m.result);
    this.armIdle(connection);
  }

  private failAll(connection: Connection, error: KysoError): void {
    for (const entry of connection.pending.values()) {
      clearTimeout(entry.timer);
      entry.reject(error);
    }
    connection.pending.clear();
  }

  private armIdle(connection: Connection): void {
    if (connection.pending.size > 0 || this.connection !== connection) return;
    this.clearIdle();
    const idleMs = this.options.idleCloseMs ?? 5 * 60_000;
    this.idleTimer = setTimeout(() => {
      if (this.connection === connection && connection.pending.size === 0) this.close();
    }, idleMs);
  }

  private clearIdle(): void {
    if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
    this.idleTimer = undefined;
  }
}
