/// <reference lib="dom" />
/**
 * Page script of the SIM ký số and Chữ ký số cá nhân waiting step (registration and login; served as
 * /static/kyso-poll.js). While the citizen approves on the phone or in the signing app, it asks the flow API
 * (`{action:"poll"}`, the session's CSRF token in `x-csrf-token`) every few seconds and moves on by itself:
 * to the account page when a login completes, otherwise to the flow page, which shows the new step or the
 * refusal. Without JavaScript the "check again" button of the same form does the same by hand.
 */

/** First delay between polls; doubled after an answer carrying an error, up to MAX_INTERVAL_MS. */
const INTERVAL_MS = 2500;
const MAX_INTERVAL_MS = 15_000;

interface PollAnswer {
  state?: string;
  messages?: { code: string; type: string; text: string }[];
  error?: { code: string; message: string };
}

const form = document.querySelector<HTMLFormElement>('form[data-poll-url]');
const status = document.getElementById('kyso-poll-status');

function stillWaiting(a: PollAnswer): 'quiet' | 'error' | 'moved' {
  if (a.error?.code === 'FLOW_CONFLICT') return 'quiet'; // another tab polled at the same moment
  if (a.state !== 'waiting') return 'moved';
  return (a.messages ?? []).some((m) => m.type === 'error') ? 'error' : 'quiet';
}

if (form) {
  const pollUrl = form.dataset.pollUrl ?? '';
  const completeUrl = form.dataset.completeUrl;
  const pageUrl = form.getAttribute('action') ?? window.location.pathname;
  const csrf = form.querySelector<HTMLInputElement>('input[name="_csrf"]')?.value ?? '';
  let interval = INTERVAL_MS;
  if (status) status.hidden = false;

  const poll = async (): Promise<void> => {
    let answer: PollAnswer;
    try {
      const res = await fetch(pollUrl, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/json', accept: 'application/json', 'x-csrf-token': csrf },
        body: JSON.stringify({ action: 'poll' }),
      });
      answer = (await res.json()) as PollAnswer;
    } catch {
      // Network trouble: try again later, the no-JS button stays usable.
      interval = Math.min(interval * 2, MAX_INTERVAL_MS);
      window.setTimeout(poll, interval);
      return;
    }
    const verdict = stillWaiting(answer);
    if (verdict === 'moved') {
      window.location.assign(answer.state === 'complete' && completeUrl ? completeUrl : pageUrl);
      return;
    }
    if (verdict === 'error') {
      const shown = answer.messages?.find((m) => m.type === 'error');
      if (status && shown) status.textContent = shown.text;
      interval = Math.min(interval * 2, MAX_INTERVAL_MS);
    } else interval = INTERVAL_MS;
    window.setTimeout(poll, interval);
  };
  window.setTimeout(poll, interval);
}
