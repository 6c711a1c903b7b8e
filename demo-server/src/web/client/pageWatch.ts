/// <reference lib="dom" />
/**
 * Page script of the pages that wait for something to happen elsewhere (the ministry's SIM / remote-signature
 * waiting page, the simulated phone and signing app while no request is shown, the simulators' outboxes).
 * Instead of a timed refresh of the whole page (`<meta http-equiv="refresh">`, which moves a screen reader
 * back to the top and can interrupt a keyboard user, WCAG 2.2.1), it fetches the same address every few
 * seconds and changes the page only when there is news:
 * - the answer was redirected (e.g. the dossier was received): go there;
 * - the watched element (`[data-watch]`, compared by its `data-watch-key`) changed: put the new one in its
 *   place and announce its news (`[data-announce]`, else its status message) in a polite live region;
 * - the answer has no watched element any more (e.g. a refusal page): show its `<main>` and title, announced.
 * `data-watch` holds the delay in seconds (at least 1, default 5).
 *
 * A check that fails — no answer (network error, or none within REQUEST_TIMEOUT_SECONDS), a server error
 * (5xx) or "too many requests" (429) — changes nothing on the page and backs off: the n-th failure in a row
 * waits the delay × 2ⁿ, at most 30 s (or the delay itself when longer; checkBackOff.ts), so a server
 * that is down or restarting is not hammered and the page picks up again by itself once it answers; the
 * first answer that is not a failure brings back the normal delay. A 429 or 503 answer's `Retry-After`
 * (seconds or an HTTP-date) puts the next check no earlier than it asks, counted at most 5 minutes, and
 * never earlier than the back-off. Other answers (a 4xx refusal page) are news like any page. Without
 * JavaScript each page keeps a link to check by hand.
 *
 * The citizen is told when the page has lost the server: after the second failure in a row, once, a
 * status line just before the watched element (visible, polite live region, no focus move) says so in the
 * page's language (`<html lang>`, Vietnamese unless English); the first check that succeeds again says
 * "connected again", which goes with the next change of the watched element. While everything works the
 * line holds no text.
 */

import { nextCheckSeconds, retryAfterSeconds } from './checkBackOff.js';

const MIN_SECONDS = 1;
const DEFAULT_SECONDS = 5;
const REQUEST_TIMEOUT_SECONDS = 10;
/** Failures in a row after which the citizen is told that the page has lost the server. */
const LOST_AFTER_FAILURES = 2;

/** What the status line says about the connection, in the page's language. */
const CONNECTION_TEXTS = {
  lost: { vi: 'Mất kết nối tới máy chủ, đang thử lại…', en: 'Connection to the server lost, retrying…' },
  back: { vi: 'Đã kết nối lại.', en: 'Connected again.' },
} as const;

const CONNECTION_LINE_ID = 'page-watch-connection';

function liveRegion(): HTMLElement {
  let region = document.getElementById('page-watch-status');
  if (!region) {
    region = document.createElement('div');
    region.id = 'page-watch-status';
    region.setAttribute('role', 'status');
    region.setAttribute('aria-live', 'polite');
    // Visually hidden, still read by screen readers.
    region.style.cssText =
      'position:absolute;width:1px;height:1px;margin:-1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap';
    document.body.append(region);
  }
  return region;
}

/**
 * Puts the (empty) status line about the connection just before `watchedElement` unless the page has it:
 * a live region must be in the page before its text changes for screen readers to read the change.
 * Outside the watched element, so that putting news in its place leaves the line where it is.
 */
function addConnectionLine(watchedElement: HTMLElement): void {
  if (document.getElementById(CONNECTION_LINE_ID)) return;
  const line = document.createElement('div');
  line.id = CONNECTION_LINE_ID;
  line.setAttribute('role', 'status');
  line.setAttribute('aria-live', 'polite');
  // Visible to everyone; without text it takes no room.
  line.style.cssText = 'margin:0;font-weight:bold';
  watchedElement.before(line);
}

/** Says `text` on the connection line ('' empties it); the same text again changes nothing (no repeat). */
function tellConnection(text: string): void {
  const line = document.getElementById(CONNECTION_LINE_ID);
  if (!line || line.textContent === text) return;
  line.textContent = text;
  line.style.margin = text ? '0.5em 0' : '0';
}

function connectionText(which: keyof typeof CONNECTION_TEXTS): string {
  const english = document.documentElement.lang.toLowerCase().startsWith('en');
  return CONNECTION_TEXTS[which][english ? 'en' : 'vi'];
}

function announce(from: Element | null): void {
  const text = from
    ?.querySelector('[data-announce], [role="status"], [role="alert"], .msg, .notice')
    ?.textContent?.trim();
  if (text) liveRegion().textContent = text;
}

function watched(): HTMLElement | null {
  return document.querySelector<HTMLElement>('[data-watch]');
}

/** The delay between checks of `element` in seconds. */
function delayOf(element: HTMLElement): number {
  return Math.max(MIN_SECONDS, Number(element.dataset.watch) || DEFAULT_SECONDS);
}

/**
 * What a check found: keep watching, nothing left to watch on this page, or a failed check (back off, no
 * earlier than `retryAfter` seconds when the answer asked for it).
 */
type Outcome = { kind: 'watch' } | { kind: 'done' } | { kind: 'failed'; retryAfter: number | undefined };

const WATCH: Outcome = { kind: 'watch' };
const DONE: Outcome = { kind: 'done' };

/** An answer of a server that could not answer now: try again later, the page unchanged. */
const unavailable = (res: Response): boolean => res.status >= 500 || res.status === 429;

/** A failed check; a 429 or 503 answer may say when to come back (`Retry-After`). */
function failed(res?: Response): Outcome {
  const asks = res !== undefined && (res.status === 429 || res.status === 503);
  return {
    kind: 'failed',
    retryAfter: asks
      ? retryAfterSeconds(res.headers.get('retry-after'), res.headers.get('date'), Date.now())
      : undefined,
  };
}

async function check(current: HTMLElement): Promise<Outcome> {
  let res: Response;
  let html: string;
  try {
    res = await fetch(window.location.href, {
      credentials: 'same-origin',
      headers: { accept: 'text/html' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
    });
    if (unavailable(res)) return failed(res);
    if (res.redirected) {
      window.location.assign(res.url);
      return DONE;
    }
    html = await res.text();
  } catch {
    return failed();
  }
  const next = new DOMParser().parseFromString(html, 'text/html');
  const replacement = current.id
    ? next.getElementById(current.id)
    : next.querySelector<HTMLElement>('[data-watch]');
  if (!replacement) {
    const main = next.querySelector('main');
    const here = document.querySelector('main');
    if (!main || !here) {
      window.location.reload();
      return DONE;
    }
    document.title = next.title;
    here.replaceWith(document.importNode(main, true));
    tellConnection('');
    announce(document.querySelector('main'));
    return WATCH;
  }
  if (replacement.getAttribute('data-watch-key') !== current.getAttribute('data-watch-key')) {
    const imported = document.importNode(replacement, true);
    current.replaceWith(imported);
    tellConnection('');
    announce(imported);
  }
  return WATCH;
}

/**
 * Checks after `seconds`, then again after the delay of what is watched then, or backs off after failures
 * (the `failures`-th in a row so far), telling the citizen when the server is lost and when it is back.
 */
function schedule(seconds: number, failures: number): void {
  window.setTimeout(async () => {
    const current = watched();
    if (!current) return;
    addConnectionLine(current);
    const outcome = await check(current);
    if (outcome.kind === 'failed') {
      const inARow = failures + 1;
      if (inARow === LOST_AFTER_FAILURES) tellConnection(connectionText('lost'));
      schedule(nextCheckSeconds(delayOf(current), inARow, outcome.retryAfter), inARow);
      return;
    }
    if (outcome.kind === 'done') return;
    if (failures >= LOST_AFTER_FAILURES) tellConnection(connectionText('back'));
    const now = watched();
    if (now) schedule(delayOf(now), 0);
  }, seconds * 1000);
}

const first = watched();
if (first) {
  // The live regions exist before any news, so that screen readers announce what is put in them later.
  liveRegion();
  addConnectionLine(first);
  schedule(delayOf(first), 0);
}
