/// <reference lib="dom" />
/**
 * Page script of the USB ký số steps of both portals (national: registration and sign-in, served as
 * /static/kyso-usb.js; ministry: sign-in and re-authentication, /static/kyso-bca-usb.js). Detects Kyso, has
 * the token sign the step's challenge with the page SDK (`Kyso.authenticate`, bound to this origin by the
 * extension) and posts the login token in the step's form. Without Kyso it shows how to install it.
 * The page provides `#kyso-usb-form` (data-nonce, data-lang) with its submit button, the hidden
 * `#kyso-auth-token` field, and the `#kyso-missing` / `#kyso-error` notices.
 */
import {
  Kyso,
  KysoError,
  KysoInstallationError,
  KysoUserInteractionError,
} from '../../../../lib/src/sdk/index.js';

const form = document.getElementById('kyso-usb-form') as HTMLFormElement | null;
const field = document.getElementById('kyso-auth-token') as HTMLInputElement | null;
const missing = document.getElementById('kyso-missing');
const failure = document.getElementById('kyso-error');
const button = form?.querySelector<HTMLButtonElement>('button[type="submit"]') ?? null;

function show(el: HTMLElement | null, text?: string): void {
  if (!el) return;
  if (text !== undefined) el.textContent = text;
  el.hidden = false;
  el.focus?.();
}

if (form && field && button) {
  const lang = form.dataset.lang === 'en' ? 'en' : 'vi';
  const nonce = form.dataset.nonce ?? '';
  form.addEventListener('submit', async (event) => {
    if (field.value !== '') return; // the token is in: let the form go
    event.preventDefault();
    if (missing) missing.hidden = true;
    if (failure) failure.hidden = true;
    button.disabled = true;
    try {
      await Kyso.detect({ timeout: 2000 });
      field.value = JSON.stringify(await Kyso.authenticate(nonce));
      form.submit();
    } catch (e) {
      if (e instanceof KysoInstallationError) show(missing);
      else if (!(e instanceof KysoUserInteractionError && e.code === 'USER_CANCELLED'))
        show(failure, e instanceof KysoError ? e.userMessage(lang) : String(e));
      button.disabled = false;
    }
  });
}
