/** The popup's "check installation" result: the host's doctor report, each problem with what to do. */
import {
  type DoctorResult,
  doctorAdvice,
  errorMessage,
  isDoctorProblemCode,
  isErrorCode,
  type Lang,
  type WireError,
} from '../../../lib/src/protocol/index.js';
import { text } from './uiText.js';

function HostUnreachable({ error, lang }: { error: WireError | null; lang: Lang }) {
  const known = error && isErrorCode(error.code) ? errorMessage(error.code, lang) : null;
  return (
    <p class="error" id="check-host-error">
      {known ? `${known.message} ${known.action}` : (error?.message ?? '')}
    </p>
  );
}

function Report({ report, lang }: { report: DoctorResult; lang: Lang }) {
  const none = <li>{text(lang, 'checkNone')}</li>;
  const problems = report.problems.filter((p) => isDoctorProblemCode(p.code));
  return (
    <>
      <p class={problems.length === 0 ? '' : 'error'}>
        {text(lang, problems.length === 0 ? 'checkOk' : 'checkFailed')}
      </p>
      {problems.length > 0 && (
        <>
          <h3>{text(lang, 'checkProblems')}</h3>
          <ul class="problems">
            {problems.map((p, i) => {
              const advice = doctorAdvice(p.code, lang);
              return (
                <li key={`${p.code}-${i}`} data-code={p.code}>
                  ✘ {advice.what}
                  {p.subject && <span class="fp"> [{p.subject}]</span>}
                  {p.detail && <span class="note"> ({p.detail})</span>}
                  <br />→ {advice.fix}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <p class="note">
        kyso-host {report.host.version} · Node.js {report.host.node} ({report.host.platform}/
        {report.host.arch})
      </p>
      <h3>{text(lang, 'checkModules')}</h3>
      <ul class="modules">
        {report.modules.length === 0
          ? none
          : report.modules.map((m) => (
              <li key={m.path}>
                {m.loaded ? '✔' : '✘'} <span class="fp">{m.path}</span>
                {m.vendor ? ` — ${m.vendor}` : ''}
              </li>
            ))}
      </ul>
      <h3>{text(lang, 'checkTokens')}</h3>
      <ul class="tokens">
        {report.tokens.length === 0
          ? none
          : report.tokens.map((t) => (
              <li key={`${t.module}:${t.serial}`}>
                {t.label} <span class="note">{`${t.manufacturer} ${t.model} · ${t.serial}`}</span>
              </li>
            ))}
      </ul>
      <h3>{text(lang, 'checkCertificates')}</h3>
      <ul class="certificates">
        {report.certificates.length === 0
          ? none
          : report.certificates.map((c) => (
              <li key={`${c.token}:${c.serialNumber}`}>
                {c.validity === 'valid' ? '✔' : '✘'} {c.subjectName}{' '}
                <span class="note">
                  {c.issuerFamily ?? c.issuerName} · {c.notBefore.slice(0, 10)} → {c.notAfter.slice(0, 10)}
                </span>
              </li>
            ))}
      </ul>
    </>
  );
}

export function DoctorReportView({
  report,
  hostError,
  lang,
}: {
  report: DoctorResult | null;
  hostError: WireError | null;
  lang: Lang;
}) {
  return (
    <div id="check-result">
      {report ? <Report report={report} lang={lang} /> : <HostUnreachable error={hostError} lang={lang} />}
    </div>
  );
}
