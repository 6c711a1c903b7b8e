/** What the browser-independent e2e scenarios need from a driven browser. */

export interface E2EFrame {
  /** Evaluates a JavaScript expression in the frame (promises are awaited). */
  evaluate<T>(expression: string): Promise<T>;
}

export interface E2EPage extends E2EFrame {
  goto(url: string): Promise<void>;
  /** The child frame whose URL starts with `urlPrefix`, once loaded. */
  frame(urlPrefix: string): Promise<E2EFrame>;
  close(): Promise<void>;
}

/** An extension prompt window (consent, certificate choice, PIN). */
export interface PromptWindow extends E2EFrame {
  url(): string;
  waitFor(selector: string): Promise<void>;
  click(selector: string): Promise<void>;
  type(selector: string, text: string): Promise<void>;
  textOf(selector: string): Promise<string>;
}

export interface BrowserDriver {
  newPage(): Promise<E2EPage>;
  /** The base URL of the extension's own pages (`chrome-extension://<id>` / `moz-extension://<uuid>`). */
  extensionOrigin(): string;
  /**
   * Opens one of the extension's pages in a tab, as a window the test can drive. `opener` is an
   * open Kyso window: Firefox's WebDriver BiDi cannot navigate to moz-extension:// pages, so there
   * that extension window opens it (`tabs.create`); Chromium navigates directly.
   */
  openExtensionPage(path: string, opener: PromptWindow): Promise<PromptWindow & { close(): Promise<void> }>;
  /** The next prompt window the extension opens (or one already open and not yet taken). */
  nextPrompt(timeoutMs?: number): Promise<PromptWindow>;
  /** Prompt windows opened and not yet taken. */
  pendingPrompts(): number;
  close(): Promise<void>;
}

/** A queue of prompt windows fed by the browser's "new page" events. */
export class PromptQueue<P> {
  private readonly ready: P[] = [];
  private readonly waiting: ((p: P) => void)[] = [];

  push(p: P): void {
    const w = this.waiting.shift();
    if (w) w(p);
    else this.ready.push(p);
  }

  get size(): number {
    return this.ready.length;
  }

  next(timeoutMs: number): Promise<P> {
    const p = this.ready.shift();
    if (p) return Promise.resolve(p);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        const i = this.waiting.indexOf(got);
        if (i >= 0) this.waiting.splice(i, 1);
        reject(new Error(`no Kyso prompt window within ${timeoutMs} ms`));
      }, timeoutMs);
      const got = (x: P) => {
        clearTimeout(timer);
        resolve(x);
      };
      this.waiting.push(got);
    });
  }
}
