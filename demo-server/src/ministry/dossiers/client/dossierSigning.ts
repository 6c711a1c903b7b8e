/// <reference lib="dom" />
/**
 * Page script of the dossier signing page (served as /static/ho-so/ky-so.js). First press: detects Kyso and
 * lists the token's certificates (holder and CCCD/MST), the account holder's preselected. Second press:
 * `Kyso.signCms` makes the detached CAdES-B-B of the declaration bytes in the page (only the digest of the
 * signed attributes reaches the token) and the form posts it. Without Kyso it shows how to install it.
 */
import { parseCertificate } from '../../../../../lib/src/cert/index.js';
import { base64ToBytes, bytesToBase64 } from '../../../../../lib/src/encoding/index.js';
import { Kyso, KysoInstallationError, KysoUserInteractionError } from '../../../../../lib/src/sdk/index.js';

const form = document.getElementById('kyso-dossier-form') as HTMLFormElement | null;
const field = document.getElementById('kyso-cms') as HTMLInputElement | null;
const select = document.getElementById('kyso-certificate') as HTMLSelectElement | null;
const selectLabel = document.getElementById('kyso-certificate-label');
const missing = document.getElementById('kyso-missing');
const failure = document.getElementById('kyso-error');
const button = document.getElementById('kyso-sign') as HTMLButtonElement | null;

function show(el: HTMLElement | null, text?: string): void {
  if (!el) return;
  if (text !== undefined) el.textContent = text;
  el.hidden = false;
}

function describe(certificate: string): { label: string; ids: string[] } {
  try {
    const d = parseCertificate(certificate);
    const cn = d.subject.flat().find((a) => a.oid === '2.5.4.3')?.value ?? d.subjectString;
    const ids = d.identifiers.map((i) => i.value);
    return { label: `${cn} — ${d.identifiers.map((i) => `${i.type}: ${i.value}`).join(', ')}`, ids };
  } catch {
    return { label: certificate.slice(0, 24), ids: [] };
  }
}

if (form && field && select && button) {
  const lang = form.dataset.lang === 'en' ? 'en' : 'vi';
  const holderId = form.dataset.holder ?? '';
  const declaration = base64ToBytes(form.dataset.declaration ?? '');
  const description = form.dataset.description ?? '';
  form.addEventListener('submit', async (event) => {
    if (field.value !== '') return; // the signature is in: let the form go
    event.preventDefault();
    if (missing) missing.hidden = true;
    if (failure) failure.hidden = true;
    button.disabled = true;
    try {
      if (select.options.length === 0) {
        await Kyso.detect({ timeout: 2000 });
        const certs = await Kyso.certificates();
        for (const c of certs) {
          const { label, ids } = describe(c.certificate);
          const option = new Option(label, c.certificate);
          if (ids.includes(holderId)) option.selected = true;
          select.add(option);
        }
        if (certs.length === 0)
          throw new Error(
            lang === 'vi' ? 'Không có chứng thư số nào trên token.' : 'No certificate on the token.',
          );
        if (certs.length > 1) {
          // Several certificates: let the citizen check the choice, then press again.
          select.hidden = false;
          if (selectLabel) selectLabel.hidden = false;
          button.disabled = false;
          return;
        }
      }
      const cms = await Kyso.signCms(declaration, { certificate: select.value, description });
      field.value = bytesToBase64(cms);
      form.submit();
    } catch (e) {
      if (e instanceof KysoInstallationError) show(missing);
      else if (!(e instanceof KysoUserInteractionError && e.code === 'USER_CANCELLED'))
        show(
          failure,
          e instanceof Error && 'userMessage' in e
            ? (e as KysoInstallationError).userMessage(lang)
            : String(e instanceof Error ? e.message : e),
        );
      button.disabled = false;
    }
  });
}
