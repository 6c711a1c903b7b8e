/** A certificate as a citizen recognises it: holder, CCCD/MST, CA, validity and warnings. */
import type { Lang } from '../../../lib/src/protocol/index.js';
import { type CertificateSummary, issuerLabel, summarizeCertificate } from '../certificateSummary.js';
import type { PromptCertificate } from '../promptMessages.js';
import { text } from './uiText.js';

function summary(b64: string): CertificateSummary | undefined {
  try {
    return summarizeCertificate(b64);
  } catch {
    return undefined;
  }
}

function day(d: Date, lang: Lang): string {
  return d.toLocaleDateString(lang === 'vi' ? 'vi-VN' : 'en-GB');
}

export function CertificateCard(props: { cert: PromptCertificate; lang: Lang }) {
  const { lang, cert } = props;
  const s = summary(cert.certificate);
  if (!s) return <div class="cert">{cert.tokenLabel}</div>;
  return (
    <div class="cert">
      <div class="holder">{s.holder}</div>
      <dl>
        {s.organization && <dd>{s.organization}</dd>}
        <dt>{text(lang, 'identifiers')}</dt>
        <dd class="ids">{s.identifiers.length > 0 ? s.identifiers.join(', ') : '—'}</dd>
        <dt>{text(lang, 'issuer')}</dt>
        <dd>{issuerLabel(s, lang)}</dd>
        <dt>{text(lang, 'validity')}</dt>
        <dd>
          {day(s.notBefore, lang)} – {day(s.notAfter, lang)}
        </dd>
        <dt>{text(lang, 'token')}</dt>
        <dd>{cert.tokenLabel}</dd>
      </dl>
      {s.validity === 'expired' && <p class="warn">{text(lang, 'warnExpired')}</p>}
      {s.validity === 'not-yet-valid' && <p class="warn">{text(lang, 'warnNotYetValid')}</p>}
      <p class="note">{text(lang, 'warnRevocationUnknown')}</p>
    </div>
  );
}
