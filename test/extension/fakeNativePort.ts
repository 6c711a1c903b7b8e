import type { NativePortLike } from '../../extension/src/background/nativePort.js';

/** A scripted native port: `reply` decides the host's answer to each request frame. */
export class FakeNativePort implements NativePortLike {
  readonly sent: { id: number; method: string; params?: unknown }[] = [];
  disconnected = false;
  error: string | undefined;
  private messageListeners: ((m: unknown) => void)[] = [];
  private disconnectListeners: ((p: NativePortLike) => void)[] = [];

  constructor(private readonly reply: (req: { id: number; method: string; params?: unknown }) => unknown) {}

  onMessage = { addListener: (cb: (m: unknown) => void) => void this.messageListeners.push(cb) };
  onDisconnect = { addListener: (cb: (p: NativePortLike) => void) => void this.disconnectListeners.push(cb) };

  postMessage(message: unknown): void {
    const req = message as { id: number; method: string; params?: unknown };
    this.sent.push(req);
    const answer = this.reply(req);
    if (answer !== undefined) queueMicrotask(() => this.emit(answer));
  }

  emit(message: unknown): void {
    for (const l of this.messageListeners) l(message);
  }

  disconnect(): void {
    this.disconnected = true;
  }

  /** The host process dies (the browser closes the port with `message`). */
  die(message: string): void {
    this.error = message;
    for (const l of this.disconnectListeners) l(this);
  }
}

export const HELLO = {
  version: '0.1.0',
  protocol: 1,
  modules: [{ path: '/usr/lib/softhsm/libsofthsm2.so', loaded: true }],
};
