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
 * first answer that is not a failure brings back the normal delay. Other answers (a 4xx refusal page) are
 * news like any page. Without JavaScript each page keeps a link to check by hand.
 */

import { backOffSeconds } from './checkBackOff.js';

const MIN_SECONDS = 1;
const DEFAULT_SECONDS = 5;
const REQUEST_TIMEOUT_SECONDS = 10;

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

/** What a check found: keep watching, a failed check (back off), or nothing left to watch on this page. */
type Outcome = 'watch' | 'failed' | 'done';

/** An answer of a server that could not answer now: try again later, the page unchanged. */
const unavailable = (res: Response): boolean => res.status >= 500 || res.status === 429;

async function check(current: HTMLElement): Promise<Outcome> {
  let res: Response;
  let html: string;
  try {
    res = await fetch(window.location.href, {
      credentials: 'same-origin',
      headers: { accept: 'text/html' },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_SECONDS * 1000),
    });
    if (unavailable(res)) return 'failed';
    if (res.redirected) {
      window.location.assign(res.url);
      return 'done';
    }
    html = await res.text();
  } catch {
    return 'failed';
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
      return 'done';
    }
    document.title = next.title;
    here.replaceWith(document.importNode(main, true));
    announce(document.querySelector('main'));
    return 'watch';
  }
  if (replacement.getAttribute('data-watch-key') !== current.getAttribute('data-watch-key')) {
    const imported = document.importNode(replacement, true);
    current.replaceWith(imported);
    announce(imported);
  }
  return 'watch';
}

/** Checks after `seconds`, then again after the delay of what is watched then, or backs off after failures. */
function schedule(seconds: number, failures: number): void {
  window.setTimeout(async () => {
    const current = watched();
    if (!current) return;
    const outcome = await check(current);
    if (outcome === 'failed') {
      schedule(backOffSeconds(delayOf(current), failures + 1), failures + 1);
      return;
    }
    const now = watched();
    if (outcome === 'watch' && now) schedule(delayOf(now), 0);
  }, seconds * 1000);
}

const first = watched();
if (first) {
  // The live region exists before any news, so that screen readers announce what is put in it later.
  liveRegion();
  schedule(delayOf(first), 0);
}
