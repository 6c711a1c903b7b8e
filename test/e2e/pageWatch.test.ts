/**
 * The page-watch script (`demo-server/src/web/client/pageWatch.ts`, served as `/static/page-watch.js` by the
 * ministry and the simulators), in Debian Chromium against a small HTTP server of this test that decides
 * every answer and records when each request arrived. Covers the paths the portal e2e suites do not reach:
 * - a watched page that now answers with a redirect is left for the redirect's target — the one the check
 *   was sent to, not a later answer of the same address (the ministry's waiting page redirects to
 *   `?ok=1` once only);
 * - failed checks (server errors, 429, a dropped connection, no answer at all) leave the page as it is and
 *   back off (the n-th failure in a row waits the delay × 2ⁿ), and the page carries on by itself once the
 *   server answers again;
 * - a 429 or 503 answer's `Retry-After` (seconds, or an HTTP-date counted from the answer's `Date`) puts the
 *   next check no earlier than it asks, and never earlier than the back-off;
 * - after the 2nd failure in a row the page's connection line says, once, that the server is lost (in the
 *   page's language), the first check that succeeds again says "connected again", and the next news
 *   empties it; nothing is said while everything works. What the page shows when each check arrives is
 *   taken while the server holds that answer back (the page cannot change while it waits for it).
 * Spacing is asserted only as a lower bound ("no earlier than its back-off"), on the server's own clock.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, it } from 'vitest';
import { createClientBundles } from '../../demo-server/src/web/clientBundles.js';
import { CHROMIUM_BINARY } from './support/chromiumDriver.js';
import { describeInChromium } from './support/kysoChromium.js';

/** The script's own rules (pageWatch.ts): the page's delay is 1 s here; the n-th failure waits 2ⁿ × it. */
const DELAY_MS = 1000;
const REQUEST_TIMEOUT_MS = 10_000;
/** Timers and the two clocks (browser, server) may differ by a few milliseconds. */
const CLOCK_SLACK_MS = 25;

/** The connection line's texts (pageWatch.ts), as a citizen reads them. */
const LOST = { vi: 'Mất kết nối tới máy chủ, đang thử lại…', en: 'Connection to the server lost, retrying…' };
const BACK = { vi: 'Đã kết nối lại.', en: 'Connected again.' };

/**
 * Runs in the page before its scripts: logs every text the connection line is given (a text set twice in
 * a row would be logged twice, so "said once" can be checked).
 */
const CONNECTION_LOG_SCRIPT = `window.connectionLog = [];
new MutationObserver((records) => {
  const line = document.getElementById('page-watch-connection');
  if (line && records.some((r) => line.contains(r.target))) window.connectionLog.push(line.textContent);
}).observe(document, { childList: true, subtree: true, characterData: true });`;

/** What the page shows of the connection when a check arrives. */
interface ConnectionView {
  text: string | null;
  log: string[];
  role: string | null;
  live: string | null;
  /** Height in CSS px: the line takes room only while it says something. */
  height: number;
  /** The focus stays where the citizen left it (here: nowhere, the body). */
  focusOnBody: boolean;
  /** The watched element's key at that time. */
  watchKey: string | null;
}

const CONNECTION_VIEW = `(() => {
  const line = document.getElementById('page-watch-connection');
  return {
    text: line && line.textContent,
    log: window.connectionLog.slice(),
    role: line && line.getAttribute('role'),
    live: line && line.getAttribute('aria-live'),
    height: line ? line.getBoundingClientRect().height : -1,
    focusOnBody: document.activeElement === document.body,
    watchKey: document.querySelector('[data-watch]')?.getAttribute('data-watch-key') ?? null,
  };
})()`;

interface Arrival {
  path: string;
  /** The request's number for its path, from 0 (the page's own load). */
  n: number;
  /** performance.now() of the server when the request arrived. */
  at: number;
  /** Sec-Fetch-Mode: `navigate` for a page load, `cors` (same-origin) for the script's checks. */
  mode: string;
}

type Answer = (n: number, req: IncomingMessage, res: ServerResponse) => void;

function watchedPage(key: string, text: string, lang: 'vi' | 'en' = 'vi'): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>Chờ ${key}</title>
<script type="module" src="/page-watch.js"></script></head>
<body><main><h1>Đang chờ</h1>
<div id="cho" data-watch="1" data-watch-key="${key}"><p data-announce>${text}</p></div>
</main></body></html>`;
}

const PLAIN_PAGE = (title: string) =>
  `<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>${title}</title></head>
<body><main><h1 id="tieu-de">${title}</h1></main></body></html>`;

/** An error page with a `<main>` of its own: the old script showed it in place of the watched page. */
const ERROR_PAGE = PLAIN_PAGE('Lỗi máy chủ');

function html(res: ServerResponse, status: number, body: string, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', ...headers });
  res.end(body);
}

/**
 * Answers each path with its `Answer` and logs arrivals. Every answer closes its connection, so that
 * Chromium never retries a request on a reused connection that was dropped (that would add requests).
 */
class ScriptedServer {
  readonly arrivals: Arrival[] = [];
  readonly #answers = new Map<string, Answer>();
  readonly #waiters: { path: string; count: number; done: () => void }[] = [];
  readonly #server: Server;
  #script = '';

  constructor() {
    this.#server = createServer((req, res) => {
      res.shouldKeepAlive = false;
      const path = (req.url ?? '/').split('?')[0] ?? '/';
      if (path === '/page-watch.js') {
        res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' });
        res.end(this.#script);
        return;
      }
      const answer = this.#answers.get(path);
      if (!answer) {
        html(res, 404, PLAIN_PAGE('Không tìm thấy'));
        return;
      }
      const n = this.arrivals.filter((a) => a.path === path).length;
      this.arrivals.push({ path, n, at: performance.now(), mode: String(req.headers['sec-fetch-mode']) });
      answer(n, req, res);
      for (const w of this.#waiters.filter((w) => this.count(w.path) >= w.count)) {
        this.#waiters.splice(this.#waiters.indexOf(w), 1);
        w.done();
      }
    });
  }

  async start(script: string): Promise<string> {
    this.#script = script;
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
  }

  answer(path: string, answer: Answer): void {
    this.#answers.set(path, answer);
  }

  count(path: string): number {
    return this.arrivals.filter((a) => a.path === path).length;
  }

  of(path: string): Arrival[] {
    return this.arrivals.filter((a) => a.path === path);
  }

  /** Resolves once `path` has had `count` requests; fails, saying how many came, after `withinMs`. */
  reached(path: string, count: number, withinMs = 40_000): Promise<void> {
    if (this.count(path) >= count) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${path}: ${this.count(path)} of ${count} requests within ${withinMs} ms`)),
        withinMs,
      );
      this.#waiters.push({
        path,
        count,
        done: () => {
          clearTimeout(timer);
          resolve();
        },
      });
    });
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }
}

/** Gaps between the arrivals of `list` (ms), in order. */
const gaps = (list: Arrival[]): number[] => list.slice(1).map((a, i) => a.at - (list[i] as Arrival).at);

describeInChromium(
  'page watch',
  'page-watch script: redirects, back-off, connection line (Chromium)',
  90_000,
  () => {
    let browser: Browser;
    let server: ScriptedServer;
    let origin = '';

    beforeAll(async () => {
      const bundles = createClientBundles({
        'page-watch.js': fileURLToPath(
          new URL('../../demo-server/src/web/client/pageWatch.ts', import.meta.url),
        ),
      });
      server = new ScriptedServer();
      origin = await server.start(await bundles.get('page-watch.js'));
      browser = await chromium.launch({
        executablePath: CHROMIUM_BINARY,
        headless: true,
        args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      });
    }, 60_000);

    afterAll(async () => {
      await browser?.close();
      await server?.close();
    });

    async function open(path: string, made?: Page): Promise<Page> {
      const page = made ?? (await browser.newPage());
      await page.goto(`${origin}${path}`);
      await page.waitForSelector('#page-watch-status[role="status"]', { state: 'attached' });
      await page.evaluate('window.notReloaded = true');
      return page;
    }

    it.concurrent('follows a redirect of the watched address to the target the check was sent to', async ({
      expect,
    }) => {
      // Two checks without news, then the flow ends: the third check is redirected to the result once
      // (`?ok=1`); any later request of the address would be sent to the plain result page instead.
      server.answer('/redirect/wait', (n, _req, res) => {
        if (n <= 2) return html(res, 200, watchedPage('waiting', 'Đang chờ xác nhận'));
        const to = n === 3 ? '/redirect/done?ok=1' : '/redirect/done';
        res.writeHead(303, { location: to });
        res.end();
      });
      server.answer('/redirect/done', (_n, _req, res) => html(res, 200, PLAIN_PAGE('Đã nhận hồ sơ')));
      const page = await open('/redirect/wait');
      try {
        await page.waitForURL(`${origin}/redirect/done?ok=1`, { timeout: 20_000 });
        expect(await page.textContent('#tieu-de')).toBe('Đã nhận hồ sơ');
      } finally {
        await page.close();
      }
      const waits = server.of('/redirect/wait');
      // The page's load, then three checks; the address was not asked again once it redirected.
      expect(waits.map((a) => a.mode)).toEqual(['navigate', 'cors', 'cors', 'cors']);
      for (const gap of gaps(waits)) expect(gap).toBeGreaterThanOrEqual(DELAY_MS - CLOCK_SLACK_MS);
      // The check followed the redirect (cors), then the page went to that same target (navigate).
      expect(server.of('/redirect/done').map((a) => a.mode)).toEqual(['cors', 'navigate']);
    });

    it.concurrent('server errors, 429 and a dropped connection: page unchanged, backs off, resumes', async ({
      expect,
    }) => {
      const failures: Record<number, (res: ServerResponse) => void> = {
        1: (res) => html(res, 500, ERROR_PAGE),
        2: (res) => html(res, 429, PLAIN_PAGE('Quá nhiều yêu cầu')),
        3: (res) => res.socket?.destroy(),
        5: (res) => html(res, 503, ERROR_PAGE),
      };
      server.answer('/errors/wait', (n, _req, res) => {
        const fail = failures[n];
        if (fail) return fail(res);
        // News from the 4th check on.
        if (n >= 4) return html(res, 200, watchedPage('approved', 'Đã có yêu cầu mới'));
        return html(res, 200, watchedPage('waiting', 'Đang chờ'));
      });
      const page = await open('/errors/wait');
      try {
        // While the checks fail, the page still shows what it showed (no error page in place of it).
        await server.reached('/errors/wait', 4);
        expect(await page.getAttribute('#cho', 'data-watch-key')).toBe('waiting');
        expect(await page.title()).toBe('Chờ waiting');
        // The answer after the failures is news: shown and read out without a reload.
        await page.waitForSelector('#cho[data-watch-key="approved"]', { timeout: 20_000 });
        expect(await page.textContent('#page-watch-status')).toBe('Đã có yêu cầu mới');
        // And it keeps watching: a failure after that, then a check again.
        await server.reached('/errors/wait', 7);
        expect(await page.evaluate('window.notReloaded')).toBe(true);
        expect(await page.getAttribute('#cho', 'data-watch-key')).toBe('approved');
      } finally {
        await page.close();
      }
      const checks = server.of('/errors/wait');
      expect(checks.map((a) => a.mode)).toEqual(['navigate', 'cors', 'cors', 'cors', 'cors', 'cors', 'cors']);
      // Waits: the delay, then 2×, 4×, 8× after the 1st, 2nd and 3rd failure in a row, the delay after the
      // news, 2× after the first failure of a new series.
      const backOff = [1, 2, 4, 8, 1, 2].map((x) => x * DELAY_MS);
      gaps(checks).forEach((gap, i) => {
        expect(gap, `wait before check ${i + 1}`).toBeGreaterThanOrEqual(
          (backOff[i] as number) - CLOCK_SLACK_MS,
        );
      });
    });

    it.concurrent('a check that gets no answer is given up after its timeout, then retried after a back-off', async ({
      expect,
    }) => {
      server.answer('/silent/wait', (n, _req, res) => {
        // The 1st check is never answered (a server stuck on something); the 2nd brings news.
        if (n === 1) return;
        html(res, 200, watchedPage(n === 0 ? 'waiting' : 'signed', n === 0 ? 'Đang chờ' : 'Đã ký'));
      });
      const page = await open('/silent/wait');
      try {
        await page.waitForSelector('#cho[data-watch-key="signed"]', { timeout: 30_000 });
        expect(await page.evaluate('window.notReloaded')).toBe(true);
        expect(await page.textContent('#page-watch-status')).toBe('Đã ký');
      } finally {
        await page.close();
      }
      const [load, stuck, retry] = server.of('/silent/wait');
      expect(load && stuck && retry).toBeTruthy();
      // The timeout runs from when the check was sent, which the server does not see (it sees the arrival a
      // little later), so the bound is taken from the page's load: the delay before the check, its timeout,
      // then the 1st back-off (2 × the delay).
      expect((retry as Arrival).at - (load as Arrival).at).toBeGreaterThanOrEqual(
        DELAY_MS + REQUEST_TIMEOUT_MS + 2 * DELAY_MS - CLOCK_SLACK_MS,
      );
    });

    it.concurrent("a 429 or 503 answer's Retry-After: no earlier than it asks, never earlier than the back-off", async ({
      expect,
    }) => {
      server.answer('/retry/wait', (n, _req, res) => {
        // 1st failure: asks for 3 s (the back-off would be 2 s).
        if (n === 1) return html(res, 503, ERROR_PAGE, { 'retry-after': '3' });
        if (n === 2) {
          // 2nd failure: asks until an HTTP-date 5 s after the answer's Date (the back-off would be 4 s). That
          // server's clock is an hour behind: counted from the browser's clock the date would be long past.
          const date = Math.floor(Date.now() / 1000) * 1000 - 3_600_000;
          return html(res, 429, PLAIN_PAGE('Quá nhiều yêu cầu'), {
            date: new Date(date).toUTCString(),
            'retry-after': new Date(date + 5000).toUTCString(),
          });
        }
        // 3rd failure: asks for 1 s, less than the back-off (8 s), which wins.
        if (n === 3) return html(res, 503, ERROR_PAGE, { 'retry-after': '1' });
        if (n >= 4) return html(res, 200, watchedPage('signed', 'Đã ký'));
        return html(res, 200, watchedPage('waiting', 'Đang chờ'));
      });
      const page = await open('/retry/wait');
      try {
        await page.waitForSelector('#cho[data-watch-key="signed"]', { timeout: 40_000 });
        expect(await page.textContent('#page-watch-status')).toBe('Đã ký');
        expect(await page.evaluate('window.notReloaded')).toBe(true);
      } finally {
        await page.close();
      }
      const checks = server.of('/retry/wait').slice(0, 5);
      expect(checks.map((a) => a.mode)).toEqual(['navigate', 'cors', 'cors', 'cors', 'cors']);
      const waits = [1, 3, 5, 8].map((x) => x * DELAY_MS);
      gaps(checks).forEach((gap, i) => {
        expect(gap, `wait before check ${i + 1}`).toBeGreaterThanOrEqual(
          (waits[i] as number) - CLOCK_SLACK_MS,
        );
      });
    });

    /**
     * Serves `path` with `answers[n]` for its n-th request (`next` after them) and, for each check, keeps what
     * the page shows of the connection in `views[n]` before answering.
     */
    function observedPath(
      page: Page,
      path: string,
      answers: Record<number, (res: ServerResponse) => void>,
      next: (res: ServerResponse) => void,
    ): Map<number, ConnectionView> {
      const views = new Map<number, ConnectionView>();
      server.answer(path, (n, _req, res) => {
        const answer = answers[n] ?? next;
        if (n === 0) return answer(res);
        page.evaluate(CONNECTION_VIEW).then(
          (view) => {
            views.set(n, view as ConnectionView);
            answer(res);
          },
          () => res.socket?.destroy(),
        );
      });
      return views;
    }

    it.concurrent('Vietnamese page: the 2nd failure in a row is told once, "connected again" after, gone with the news', async ({
      expect,
    }) => {
      const page = await browser.newPage();
      await page.addInitScript(CONNECTION_LOG_SCRIPT);
      const waiting = (res: ServerResponse) => html(res, 200, watchedPage('waiting', 'Đang chờ'));
      const views = observedPath(
        page,
        '/lost-vi/wait',
        {
          0: waiting,
          1: (res) => html(res, 500, ERROR_PAGE),
          2: (res) => html(res, 503, ERROR_PAGE),
          3: (res) => res.socket?.destroy(),
          4: waiting,
        },
        (res) => html(res, 200, watchedPage('approved', 'Đã có yêu cầu mới')),
      );
      try {
        await open('/lost-vi/wait', page);
        await page.waitForSelector('#cho[data-watch-key="approved"]', { timeout: 40_000 });
        const after = (await page.evaluate(CONNECTION_VIEW)) as ConnectionView;
        expect(await page.textContent('#page-watch-status')).toBe('Đã có yêu cầu mới');
        expect(await page.evaluate('window.notReloaded')).toBe(true);

        // While everything works, and after a single failure: no text, no room taken.
        for (const n of [1, 2]) {
          expect(views.get(n), `check ${n}`).toMatchObject({ text: '', log: [], height: 0 });
        }
        // After the 2nd failure in a row: said, politely, visibly, the focus left alone.
        expect(views.get(3)).toEqual({
          text: LOST.vi,
          log: [LOST.vi],
          role: 'status',
          live: 'polite',
          height: expect.any(Number),
          focusOnBody: true,
          watchKey: 'waiting',
        });
        expect(views.get(3)?.height).toBeGreaterThan(0);
        // The 3rd failure says nothing more.
        expect(views.get(4)).toMatchObject({ text: LOST.vi, log: [LOST.vi], watchKey: 'waiting' });
        // The first answer again (no news yet): connected again.
        expect(views.get(5)).toMatchObject({ text: BACK.vi, log: [LOST.vi, BACK.vi], watchKey: 'waiting' });
        // The next news empties the line.
        expect(after).toMatchObject({ text: '', log: [LOST.vi, BACK.vi, ''], height: 0, focusOnBody: true });
      } finally {
        await page.close();
      }
      const checks = server.of('/lost-vi/wait').slice(0, 6);
      expect(checks.map((a) => a.mode)).toEqual(['navigate', 'cors', 'cors', 'cors', 'cors', 'cors']);
      const waits = [1, 2, 4, 8, 1].map((x) => x * DELAY_MS);
      gaps(checks).forEach((gap, i) => {
        expect(gap, `wait before check ${i + 1}`).toBeGreaterThanOrEqual(
          (waits[i] as number) - CLOCK_SLACK_MS,
        );
      });
    });

    it.concurrent('English page: one failure says nothing; two in a row are told in English, then "connected again"', async ({
      expect,
    }) => {
      const page = await browser.newPage();
      await page.addInitScript(CONNECTION_LOG_SCRIPT);
      const waiting = (res: ServerResponse) => html(res, 200, watchedPage('waiting', 'Waiting', 'en'));
      const views = observedPath(
        page,
        '/lost-en/wait',
        {
          0: waiting,
          1: (res) => html(res, 429, PLAIN_PAGE('Too many requests')),
          2: waiting,
          3: (res) => html(res, 500, ERROR_PAGE),
          4: (res) => res.socket?.destroy(),
          5: waiting,
        },
        (res) => html(res, 200, watchedPage('approved', 'A new request', 'en')),
      );
      try {
        await open('/lost-en/wait', page);
        await page.waitForSelector('#cho[data-watch-key="approved"]', { timeout: 40_000 });
        const after = (await page.evaluate(CONNECTION_VIEW)) as ConnectionView;
        expect(await page.textContent('#page-watch-status')).toBe('A new request');

        // A failure, an answer, a failure: never two in a row, nothing said.
        for (const n of [1, 2, 3, 4]) {
          expect(views.get(n), `check ${n}`).toMatchObject({ text: '', log: [], height: 0 });
        }
        expect(views.get(5)).toMatchObject({
          text: LOST.en,
          log: [LOST.en],
          role: 'status',
          live: 'polite',
          focusOnBody: true,
        });
        expect(views.get(5)?.height).toBeGreaterThan(0);
        expect(views.get(6)).toMatchObject({ text: BACK.en, log: [LOST.en, BACK.en], watchKey: 'waiting' });
        expect(after).toMatchObject({
          text: '',
          log: [LOST.en, BACK.en, ''],
          height: 0,
          watchKey: 'approved',
        });
      } finally {
        await page.close();
      }
      const checks = server.of('/lost-en/wait').slice(0, 7);
      expect(checks.map((a) => a.mode)).toEqual(['navigate', 'cors', 'cors', 'cors', 'cors', 'cors', 'cors']);
      const waits = [1, 2, 1, 2, 4, 1].map((x) => x * DELAY_MS);
      gaps(checks).forEach((gap, i) => {
        expect(gap, `wait before check ${i + 1}`).toBeGreaterThanOrEqual(
          (waits[i] as number) - CLOCK_SLACK_MS,
        );
      });
    });
  },
);
