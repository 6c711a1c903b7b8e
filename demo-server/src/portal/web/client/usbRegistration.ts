/// <reference lib="dom" />
/**
 * Page script of the USB ký số registration step (bundled by `portalScripts` in `clientBundles.ts`, served as
 * /static/kyso-usb.js). Detects Kyso, has the token sign the flow's challenge with the page SDK
 * (`Kyso.authenticate`), and posts the login token in the step's form. Without Kyso it shows how to install it.
 */
import { Kyso, KysoInstallationError, KysoUserInteractionError } from '../../../../../lib/src/sdk/index.js';

const form = document.getElementById('kyso-usb-form') as HTMLFormElement | null;
const field = document.getElementById('kyso-auth-token') as HTMLInputElement | null;
const missing = document.getElementById('kyso-missing');
const failure = document.getElementById('kyso-error');
const button = document.getElementById('kyso-usb-register') as HTMLButtonElement | null;

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
      const token = await Kyso.authenticate(nonce);
      field.value = JSON.stringify(token);
      form.submit();
    } catch (e) {
      if (e instanceof KysoInstallationError) show(missing);
      else if (!(e instanceof KysoUserInteractionError && e.code === 'USER_CANCELLED'))
        show(
          failure,
          e instanceof Error && 'userMessage' in e
            ? (e as KysoInstallationError).userMessage(lang)
            : String(e),
        );
      button.disabled = false;
    }
  });
}
