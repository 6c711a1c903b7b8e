/**
 * How long a watching page (pageWatch.ts) waits after failed checks: the n-th failure in a row waits the
 * page's delay × 2ⁿ, at most MAX_BACKOFF_SECONDS — or the page's own delay when that is longer, so that a
 * back-off never checks more often than the page normally does.
 *
 * A 429 or 503 answer may say when to come back (`Retry-After`, RFC 9110 §10.2.3: delta-seconds or an
 * HTTP-date). The next check then comes no earlier than it says — counted at most MAX_RETRY_AFTER_SECONDS,
 * so that a wrong header cannot stop the page for good — and never earlier than the back-off would.
 */

export const MAX_BACKOFF_SECONDS = 30;

/** The longest wait a `Retry-After` header is followed for (5 minutes). */
export const MAX_RETRY_AFTER_SECONDS = 300;

/** Seconds to wait after the `failures`-th failed check in a row (0 failures: the delay itself). */
export function backOffSeconds(delaySeconds: number, failures: number): number {
  return Math.min(delaySeconds * 2 ** failures, Math.max(MAX_BACKOFF_SECONDS, delaySeconds));
}

/**
 * Seconds to wait after the `failures`-th failed check in a row whose answer asked for `retryAfter`
 * seconds (retryAfterSeconds; undefined when it did not): the longer of the back-off and the asked wait,
 * the asked wait counted at most MAX_RETRY_AFTER_SECONDS.
 */
export function nextCheckSeconds(delaySeconds: number, failures: number, retryAfter?: number): number {
  const asked = Math.min(Math.max(retryAfter ?? 0, 0), MAX_RETRY_AFTER_SECONDS);
  return Math.max(backOffSeconds(delaySeconds, failures), asked);
}

const DAY_NAMES = ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'];
const LONG_DAY_NAMES = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

const DAY = DAY_NAMES.join('|');
const LONG_DAY = LONG_DAY_NAMES.join('|');
const MONTH = MONTHS.join('|');
const TIME = '(?<hh>\\d{2}):(?<mm>\\d{2}):(?<ss>\\d{2})';
/** The three forms of an HTTP-date, the first preferred, the other two obsolete but still to be accepted. */
const HTTP_DATE_FORMS = [
  // Sun, 06 Nov 1994 08:49:37 GMT (IMF-fixdate)
  new RegExp(`^(?:${DAY}), (?<day>\\d{2}) (?<month>${MONTH}) (?<year>\\d{4}) ${TIME} GMT$`),
  // Sunday, 06-Nov-94 08:49:37 GMT (RFC 850)
  new RegExp(`^(?:${LONG_DAY}), (?<day>\\d{2})-(?<month>${MONTH})-(?<year>\\d{2}) ${TIME} GMT$`),
  // Sun Nov  6 08:49:37 1994 (C's asctime)
  new RegExp(`^(?:${DAY}) (?<month>${MONTH}) (?<day> \\d|\\d{2}) ${TIME} (?<year>\\d{4})$`),
];

/**
 * An HTTP-date (RFC 9110 §5.6.7, all three forms, case-sensitive) as milliseconds since the epoch, or
 * undefined when `text` is not one or names no real time (31 Feb, 25:00). A two-digit (RFC 850) year is
 * taken in the century that puts it no more than 50 years after `nowMs`.
 */
export function parseHttpDate(text: string, nowMs: number): number | undefined {
  const fields = HTTP_DATE_FORMS.map((form) => form.exec(text)?.groups).find((groups) => groups);
  if (!fields) return undefined;
  const field = (name: string): string => fields[name] ?? '';
  const month = MONTHS.indexOf(field('month'));
  const day = Number(field('day'));
  const [h, m, s] = [Number(field('hh')), Number(field('mm')), Number(field('ss'))];
  let year = Number(field('year'));
  if (field('year').length === 2) {
    const nowYear = new Date(nowMs).getUTCFullYear();
    year += Math.floor(nowYear / 100) * 100;
    if (year > nowYear + 50) year -= 100;
  }
  if (h > 23 || m > 59 || s > 60) return undefined;
  // A leap second (…:60, only ever at the end of a day) is built as :59 plus a second, so that the checks
  // below see the day it belongs to.
  const date = new Date(Date.UTC(year, month, day, h, m, Math.min(s, 59)));
  // Date.UTC rolls a day past the month's end over into the next month, and years 0–99 into 1900–1999:
  // refuse both instead.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month || date.getUTCDate() !== day) {
    return undefined;
  }
  return date.getTime() + (s === 60 ? 1000 : 0);
}

/**
 * The wait in seconds that a `Retry-After` header value asks for, or undefined when there is none or it
 * is neither delta-seconds nor an HTTP-date. An HTTP-date is counted from the answer's own `Date` header
 * when it has a valid one (so that a browser clock set wrong does not change the wait), else from
 * `nowMs`; a date already past asks for 0 seconds.
 */
export function retryAfterSeconds(
  value: string | null,
  dateHeader: string | null,
  nowMs: number,
): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text);
  const at = parseHttpDate(text, nowMs);
  if (at === undefined) return undefined;
  const from = (dateHeader ? parseHttpDate(dateHeader.trim(), nowMs) : undefined) ?? nowMs;
  return Math.max(0, (at - from) / 1000);
}
