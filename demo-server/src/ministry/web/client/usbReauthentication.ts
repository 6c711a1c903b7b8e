/// <reference lib="dom" />
/**
 * Page script of the ministry's USB ký số step (served as /static/kyso-bca-usb.js): detects Kyso, has the
 * token sign the page's challenge with the page SDK (`Kyso.authenticate`, bound to this origin) and posts
 * the login token in the step's form. Without Kyso it says how to install it.
 */
import {
  Kyso,
  KysoError,
  KysoInstallationError,
  KysoUserInteractionError,
} from '../../../../../lib/src/sdk/index.js';

const form = document.getElementById('kyso-usb-form') as HTMLFormElement | null;
const field = document.getElementById('kyso-auth-token') as HTMLInputElement | null;
const missing = document.getElementById('kyso-missing');
const failure = document.getElementById('kyso-error');
const button = document.getElementById('kyso-usb-submit') as HTMLButtonElement | null;

function reveal(el: HTMLElement | null, text?: string): void {
  if (!el) return;
  if (text !== undefined) el.textContent = text;
  el.hidden = false;
  el.focus?.();
}

if (form && field && button) {
  const lang = form.dataset.lang === 'en' ? 'en' : 'vi';
  const nonce = form.dataset.nonce ?? '';
  form.addEventListener('submit', async (event) => {
    if (field.value !== '') return;
    event.preventDefault();
    if (missing) missing.hidden = true;
    if (failure) failure.hidden = true;
    button.disabled = true;
    try {
      await Kyso.detect({ timeout: 2000 });
      field.value = JSON.stringify(await Kyso.authenticate(nonce));
      form.submit();
    } catch (e) {
      if (e instanceof KysoInstallationError) reveal(missing);
      else if (!(e instanceof KysoUserInteractionError && e.code === 'USER_CANCELLED'))
        reveal(failure, e instanceof KysoError ? e.userMessage(lang) : String(e));
      button.disabled = false;
    }
  });
}
