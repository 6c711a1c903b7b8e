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
 * `data-watch` holds the delay in seconds. Without JavaScript each page keeps a link to check by hand.
 */

const MIN_SECONDS = 1;
const MAX_BACKOFF_SECONDS = 30;

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

async function check(): Promise<number | undefined> {
  const current = watched();
  if (!current) return undefined;
  const seconds = Math.max(MIN_SECONDS, Number(current.dataset.watch) || 5);
  let res: Response;
  try {
    res = await fetch(window.location.href, { credentials: 'same-origin', headers: { accept: 'text/html' } });
  } catch {
    return Math.min(seconds * 2, MAX_BACKOFF_SECONDS);
  }
  if (res.redirected) {
    window.location.assign(res.url);
    return undefined;
  }
  const next = new DOMParser().parseFromString(await res.text(), 'text/html');
  const replacement = current.id
    ? next.getElementById(current.id)
    : next.querySelector<HTMLElement>('[data-watch]');
  if (!replacement) {
    const main = next.querySelector('main');
    const here = document.querySelector('main');
    if (!main || !here) {
      window.location.reload();
      return undefined;
    }
    document.title = next.title;
    here.replaceWith(document.importNode(main, true));
    announce(document.querySelector('main'));
    return watched() ? seconds : undefined;
  }
  if (replacement.getAttribute('data-watch-key') !== current.getAttribute('data-watch-key')) {
    const imported = document.importNode(replacement, true);
    current.replaceWith(imported);
    announce(imported);
  }
  return watched() ? seconds : undefined;
}

function schedule(seconds: number): void {
  window.setTimeout(async () => {
    const again = await check();
    if (again !== undefined) schedule(again);
  }, seconds * 1000);
}

const first = watched();
if (first) {
  // The live region exists before any news, so that screen readers announce what is put in it later.
  liveRegion();
  schedule(Math.max(MIN_SECONDS, Number(first.dataset.watch) || 5));
}
