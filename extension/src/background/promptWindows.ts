/**
 * Extension windows for consent, certificate choice and PIN. One window per
 * operation, opened lazily on its first question, talking to the background
 * over a runtime port that only extension pages can open.
 */
import browser, { type Runtime } from 'webextension-polyfill';
import { KysoError } from '../../../lib/src/protocol/index.js';
import {
  PROMPT_PORT_PREFIX,
  type PromptAnswer,
  type PromptPrompter,
  type PromptPurpose,
  type PromptView,
} from '../promptMessages.js';

export const PROMPT_PAGE = 'extension/src/windows/prompt.html';
const WINDOW_CLOSE_DELAY_MS = 200;

interface Waiter {
  expect: PromptAnswer['type'];
  resolve: (answer: PromptAnswer) => void;
  reject: (error: KysoError) => void;
  timer: ReturnType<typeof setTimeout>;
}

class PromptSession implements PromptPrompter {
  windowId: number | undefined;
  port: Runtime.Port | undefined;
  private view: PromptView | undefined;
  private waiter: Waiter | undefined;
  private closed = false;
  private opening: Promise<void> | undefined;

  constructor(
    readonly id: string,
    private readonly origin: string,
    private readonly purpose: PromptPurpose,
    private readonly timeoutMs: number,
    private readonly onClosed: (id: string) => void,
  ) {}

  async consent(): Promise<boolean> {
    const a = await this.ask({ stage: 'consent', origin: this.origin, purpose: this.purpose }, 'consent');
    return a.type === 'consent' && a.allow;
  }

  async choose(certificates: Parameters<PromptPrompter['choose']>[0]): Promise<number> {
    const a = await this.ask(
      { stage: 'choose', origin: this.origin, purpose: this.purpose, certificates },
      'choose',
    );
    return a.type === 'choose' ? a.index : -1;
  }

  async pin(view: Parameters<PromptPrompter['pin']>[0]): Promise<string | undefined> {
    const a = await this.ask({ stage: 'pin', origin: this.origin, purpose: this.purpose, ...view }, 'pin');
    return a.type === 'pin' ? a.pin : undefined;
  }

  progress(done: number, total: number): void {
    if (this.closed || this.windowId === undefined) return;
    this.show({ stage: 'working', origin: this.origin, purpose: this.purpose, done, total });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.fail(new KysoError('USER_CANCELLED'));
    this.onClosed(this.id);
    const windowId = this.windowId;
    // Let the operation's reply reach the page first; closing a window is slow work for the browser.
    if (windowId !== undefined)
      setTimeout(() => browser.windows.remove(windowId).catch(() => undefined), WINDOW_CLOSE_DELAY_MS);
  }

  attach(port: Runtime.Port): void {
    this.port = port;
    port.onMessage.addListener((m: unknown) => this.onAnswer(m as PromptAnswer));
    port.onDisconnect.addListener(() => {
      this.port = undefined;
      this.fail(new KysoError('USER_CANCELLED'));
      this.close();
    });
    if (this.view) port.postMessage(this.view);
  }

  windowRemoved(): void {
    this.windowId = undefined;
    this.fail(new KysoError('USER_CANCELLED'));
    this.close();
  }

  private show(view: PromptView): void {
    this.view = view;
    this.port?.postMessage(view);
  }

  private async ask(view: PromptView, expect: PromptAnswer['type']): Promise<PromptAnswer> {
    if (this.closed) throw new KysoError('USER_CANCELLED');
    this.show(view);
    const answer = new Promise<PromptAnswer>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.fail(new KysoError('TIMEOUT', 'no answer in the Kyso window in time'));
        this.close();
      }, this.timeoutMs);
      this.waiter = { expect, resolve, reject, timer };
    });
    answer.catch(() => undefined);
    await this.ensureWindow();
    return answer;
  }

  private ensureWindow(): Promise<void> {
    this.opening ??= browser.windows
      .create({
        url: `${browser.runtime.getURL(PROMPT_PAGE)}#${this.id}`,
        type: 'popup',
        width: 480,
        height: 680,
        focused: true,
      })
      .then((w) => {
        this.windowId = w.id;
        if (this.closed && w.id !== undefined) browser.windows.remove(w.id).catch(() => undefined);
      })
      .catch((e: unknown) => {
        this.fail(new KysoError('INTERNAL', `cannot open the Kyso window: ${String(e)}`));
      });
    return this.opening;
  }

  onAnswer(answer: PromptAnswer): void {
    const w = this.waiter;
    if (!w || typeof answer !== 'object' || answer === null) return;
    if (answer.type === 'cancel') {
      this.fail(new KysoError('USER_CANCELLED'));
      return;
    }
    if (answer.type !== w.expect) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.resolve(answer);
  }

  private fail(error: KysoError): void {
    const w = this.waiter;
    if (!w) return;
    this.waiter = undefined;
    clearTimeout(w.timer);
    w.reject(error);
  }
}

export class PromptWindows {
  private readonly sessions = new Map<string, PromptSession>();

  constructor(private readonly timeoutMs: number = 120_000) {
    browser.windows.onRemoved.addListener((windowId) => {
      for (const s of this.sessions.values()) if (s.windowId === windowId) s.windowRemoved();
    });
  }

  open(origin: string, purpose: PromptPurpose): PromptPrompter {
    const id = crypto.randomUUID();
    const session = new PromptSession(id, origin, purpose, this.timeoutMs, (sid) =>
      this.sessions.delete(sid),
    );
    this.sessions.set(id, session);
    return session;
  }

  /**
   * An answer handed over by a function call instead of the port (Firefox: the prompt window
   * reaches the background page directly, see `DIRECT_ANSWER_FUNCTION`). Only a session whose
   * window has attached its port takes it; `json` is the answer as JSON, so no object of the
   * window's realm is kept. Returns whether a session took it.
   */
  answerDirect(sessionId: unknown, json: unknown): boolean {
    if (typeof sessionId !== 'string' || typeof json !== 'string') return false;
    const session = this.sessions.get(sessionId);
    if (!session?.port) return false;
    let answer: unknown;
    try {
      answer = JSON.parse(json);
    } catch {
      return false;
    }
    session.onAnswer(answer as PromptAnswer);
    return true;
  }

  /** A port from a prompt window; refused unless it comes from this extension's prompt page. */
  attach(port: Runtime.Port): boolean {
    if (!port.name.startsWith(PROMPT_PORT_PREFIX)) return false;
    const pageUrl = browser.runtime.getURL(PROMPT_PAGE);
    const url = port.sender?.url ?? '';
    if (!url.startsWith(pageUrl)) {
      port.disconnect();
      return true;
    }
    const session = this.sessions.get(port.name.slice(PROMPT_PORT_PREFIX.length));
    if (!session || session.port) {
      port.disconnect();
      return true;
    }
    session.attach(port);
    return true;
  }
}
