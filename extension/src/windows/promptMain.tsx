/** The prompt window: consent, certificate choice, PIN and progress for one operation. */
import { render } from 'preact';
import { useEffect, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { errorMessage, type Lang } from '../../../lib/src/protocol/index.js';
import {
  DIRECT_ANSWER_FUNCTION,
  PROMPT_PORT_PREFIX,
  type PromptAnswer,
  type PromptPurpose,
  type PromptView,
} from '../promptMessages.js';
import { CertificateCard } from './certificateCard.js';
import { currentLang } from './uiLanguage.js';
import { type TextKey, text } from './uiText.js';
import './windowStyle.css';

const session = window.location.hash.slice(1);
const port = browser.runtime.connect({ name: `${PROMPT_PORT_PREFIX}${session}` });
type DirectAnswer = (session: string, json: string) => boolean;
let direct: DirectAnswer | undefined;
// Firefox: answer by calling the background page (same process) instead of a port round trip.
if (typeof browser.runtime.getBackgroundPage === 'function')
  browser.runtime
    .getBackgroundPage()
    .then((page) => {
      const f = (page as unknown as Record<string, unknown> | null)?.[DIRECT_ANSWER_FUNCTION];
      if (typeof f === 'function') direct = f as DirectAnswer;
    })
    .catch(() => undefined);
const send = (answer: PromptAnswer) => {
  try {
    if (direct?.(session, JSON.stringify(answer))) return;
  } catch {
    // the background page went away (it is reloaded by the port message below)
  }
  port.postMessage(answer);
};
let latest: PromptView | undefined;
const subscribers = new Set<(v: PromptView) => void>();
port.onMessage.addListener((m: unknown) => {
  latest = m as PromptView;
  for (const s of subscribers) s(latest);
});
port.onDisconnect.addListener(() => window.close());
// Keyboard: Escape cancels, as the Cancel button does.
window.addEventListener('keydown', (e) => {
  if (e.key === 'Escape') send({ type: 'cancel' });
});

const PURPOSE_KEYS: Record<PromptPurpose, TextKey> = {
  certificates: 'purposeCertificates',
  sign: 'purposeSign',
  signBatch: 'purposeSignBatch',
  authenticate: 'purposeAuthenticate',
};

function Consent(props: { view: Extract<PromptView, { stage: 'consent' }>; lang: Lang }) {
  const { view, lang } = props;
  return (
    <section>
      <h1>{text(lang, 'consentTitle')}</h1>
      <p>{text(lang, 'consentBody', view.origin, text(lang, PURPOSE_KEYS[view.purpose]))}</p>
      <p class="note">{text(lang, 'consentNote')}</p>
      <div class="actions">
        <button
          type="button"
          id="allow"
          class="primary"
          onClick={() => send({ type: 'consent', allow: true })}
        >
          {text(lang, 'allow')}
        </button>
        <button type="button" id="deny" onClick={() => send({ type: 'consent', allow: false })}>
          {text(lang, 'deny')}
        </button>
      </div>
    </section>
  );
}

function Choose(props: { view: Extract<PromptView, { stage: 'choose' }>; lang: Lang }) {
  const { view, lang } = props;
  const [index, setIndex] = useState(0);
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        send({ type: 'choose', index });
      }}
    >
      <h1>{text(lang, 'chooseTitle')}</h1>
      <p>
        {text(lang, 'site')}: <strong>{view.origin}</strong>
      </p>
      {view.certificates.map((c, i) => (
        <label class="choice" key={c.certificate}>
          <input type="radio" name="cert" checked={i === index} onChange={() => setIndex(i)} />
          <CertificateCard cert={c} lang={lang} />
        </label>
      ))}
      <div class="actions">
        <button type="submit" id="choose" class="primary">
          {text(lang, 'choose')}
        </button>
        <button type="button" id="cancel" onClick={() => send({ type: 'cancel' })}>
          {text(lang, 'cancel')}
        </button>
      </div>
    </form>
  );
}

/**
 * How long the sent PIN form stays as it is before it is cleared and disabled. A token that signs
 * within this time (SoftHSM: 3–5 ms in all) has answered the page before the window changes; a USB
 * token (50–500 ms) or a PIN pad shows the disabled form while it works. 100 ms is below what a
 * person notices as lag.
 */
const SENT_FEEDBACK_DELAY_MS = 100;

/**
 * One PIN question. `App` mounts a fresh `Pin` for every question (its `key`), so the field starts
 * empty without an effect: an effect runs after the paint and would wipe a PIN typed (or filled by
 * a PIN manager) in the first frame, sending an empty PIN.
 *
 * The PIN field is not a controlled input and sending renders nothing: the PIN is read from the
 * field and sent; the field is cleared and the button disabled `SENT_FEEDBACK_DELAY_MS` later (a
 * second Enter in between sends nothing). A render or a repaint of the window while the signature
 * is under way holds up the background (Firefox runs it on this window's thread) and the browser's
 * message relays: done a task later, it cost Firefox's signature ≈ 1 ms.
 *
 * The button and Enter in the field send the PIN without a native form submission: a submitted
 * form with a password field is what browsers' password managers watch (Firefox spent 1.5–3 ms
 * there before the PIN left the window, and may offer to save the token PIN as a password).
 */
function Pin(props: { view: Extract<PromptView, { stage: 'pin' }>; lang: Lang }) {
  const { view, lang } = props;
  const sent = useRef(false);
  const pinPad = view.certificate.flags.protectedAuthPath;
  const login = view.purpose === 'authenticate';
  const err = view.error ? errorMessage(view.error.code, lang) : undefined;
  const submit = (form: HTMLFormElement | null) => {
    if (!form || sent.current) return;
    const field = form.elements.namedItem('pin');
    const typed = field instanceof HTMLInputElement ? field.value : '';
    if (!pinPad && typed === '') {
      if (field instanceof HTMLInputElement) field.focus();
      return;
    }
    sent.current = true;
    send(pinPad ? { type: 'pin' } : { type: 'pin', pin: typed });
    const button = form.elements.namedItem('submit');
    setTimeout(() => {
      if (field instanceof HTMLInputElement) field.value = '';
      if (button instanceof HTMLButtonElement) button.disabled = true;
    }, SENT_FEEDBACK_DELAY_MS);
  };
  return (
    <form
      onSubmit={(e) => {
        e.preventDefault();
        submit(e.currentTarget as HTMLFormElement);
      }}
    >
      <h1>{text(lang, login ? 'loginTitle' : 'signTitle')}</h1>
      <dl>
        <dt>{text(lang, 'site')}</dt>
        <dd id="site">{view.origin}</dd>
        {view.description !== undefined && <dt>{text(lang, 'whatIsSigned')}</dt>}
        {view.description !== undefined && <dd id="description">{view.description}</dd>}
        {view.count > 1 && <dt>{text(lang, 'documents')}</dt>}
        {view.count > 1 && <dd id="count">{view.count}</dd>}
        <dt>{text(lang, 'fingerprint')}</dt>
        <dd class="fp">{view.fingerprint.match(/.{1,8}/g)?.join(' ')}</dd>
      </dl>
      <CertificateCard cert={view.certificate} lang={lang} />
      {err && (
        <p class="error" id="pin-error" role="alert">
          {err.message} {err.action}
        </p>
      )}
      {view.certificate.flags.pinFinalTry && <p class="warn">{text(lang, 'pinFinalTry')}</p>}
      {!view.certificate.flags.pinFinalTry && view.certificate.flags.pinCountLow && (
        <p class="warn">{text(lang, 'pinCountLow')}</p>
      )}
      {pinPad ? (
        <p>{text(lang, 'pinPadNote')}</p>
      ) : (
        <label>
          {text(lang, 'pin')}
          <input
            id="pin"
            name="pin"
            type="password"
            autocomplete="off"
            autofocus
            onKeyDown={(e) => {
              if (e.key !== 'Enter') return;
              e.preventDefault();
              submit((e.currentTarget as HTMLInputElement).form);
            }}
          />
        </label>
      )}
      <div class="actions">
        <button
          type="button"
          id="submit"
          name="submit"
          class="primary"
          onClick={(e) => submit((e.currentTarget as HTMLButtonElement).form)}
        >
          {pinPad ? text(lang, 'continue') : text(lang, login ? 'loginButton' : 'signButton')}
        </button>
        <button type="button" id="cancel" onClick={() => send({ type: 'cancel' })}>
          {text(lang, 'cancel')}
        </button>
      </div>
    </form>
  );
}

function Working(props: { view: Extract<PromptView, { stage: 'working' }>; lang: Lang }) {
  const { view, lang } = props;
  return (
    <section>
      <h1>{text(lang, 'working')}</h1>
      <progress id="progress" max={view.total} value={view.done} />
      <p>{text(lang, 'progress', String(view.done), String(view.total))}</p>
      <div class="actions">
        <button type="button" id="cancel" onClick={() => send({ type: 'cancel' })}>
          {text(lang, 'cancel')}
        </button>
      </div>
    </section>
  );
}

/** Each view the background sends, numbered: a new question gets fresh components. */
interface Shown {
  view: PromptView;
  seq: number;
}

function App(props: { lang: Lang }) {
  const [shown, setShown] = useState<Shown | undefined>(latest && { view: latest, seq: 0 });
  useEffect(() => {
    let seq = 0;
    const show = (view: PromptView) => {
      seq += 1;
      setShown({ view, seq });
    };
    subscribers.add(show);
    if (latest && latest !== shown?.view) show(latest);
    return () => {
      subscribers.delete(show);
    };
  }, []);
  const view = shown?.view;
  const { lang } = props;
  document.body.dataset.stage = view?.stage ?? 'waiting';
  if (!view) return <p>{text(lang, 'waiting')}</p>;
  switch (view.stage) {
    case 'consent':
      return <Consent view={view} lang={lang} />;
    case 'choose':
      return <Choose view={view} lang={lang} />;
    case 'pin':
      return <Pin key={shown?.seq} view={view} lang={lang} />;
    case 'working':
      return <Working view={view} lang={lang} />;
  }
}

void currentLang().then((lang) => {
  document.documentElement.lang = lang;
  render(<App lang={lang} />, document.getElementById('app')!);
});
