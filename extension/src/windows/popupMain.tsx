/** Toolbar popup: host status, tokens and certificates, allowed sites, language, installation check. */
import { render } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import { errorMessage, isErrorCode, type Lang } from '../../../lib/src/protocol/index.js';
import type { InstallationCheck, PopupOverview, PopupRequest } from '../background/popupService.js';
import { POPUP_PORT_NAME } from '../promptMessages.js';
import { CertificateCard } from './certificateCard.js';
import { DoctorReportView } from './doctorReportView.js';
import { text } from './uiText.js';
import './windowStyle.css';

const port = browser.runtime.connect({ name: POPUP_PORT_NAME });
const ask = (req: PopupRequest) => port.postMessage(req);

function App() {
  const [overview, setOverview] = useState<PopupOverview | undefined>(undefined);
  const [check, setCheck] = useState<InstallationCheck | undefined>(undefined);
  useEffect(() => {
    const listener = (m: unknown) => {
      const r = m as PopupOverview | InstallationCheck;
      if (r.type === 'overview') setOverview(r);
      else setCheck(r);
    };
    port.onMessage.addListener(listener);
    ask({ type: 'overview' });
    return () => port.onMessage.removeListener(listener);
  }, []);
  const lang: Lang = overview?.lang ?? 'vi';
  document.documentElement.lang = lang;
  if (!overview) return <p>{text(lang, 'waiting')}</p>;
  const hostErr =
    overview.hostError && isErrorCode(overview.hostError.code)
      ? errorMessage(overview.hostError.code, lang)
      : null;
  return (
    <main>
      <h1>Kyso</h1>
      <p class="note">
        {text(lang, 'version')} {overview.extension}
      </p>
      <h2>{text(lang, 'popupHost')}</h2>
      {overview.hello ? (
        <p id="host-status">
          {text(lang, 'popupHostOk')}: kyso-host {overview.hello.version} (protocol v{overview.hello.protocol}
          )
        </p>
      ) : (
        <p id="host-status" class="error">
          {hostErr ? `${hostErr.message} ${hostErr.action}` : overview.hostError?.message}
        </p>
      )}
      <h2>{text(lang, 'popupTokens')}</h2>
      {overview.tokens.length === 0 && <p>{text(lang, 'popupNoTokens')}</p>}
      {overview.tokens.map((t) => (
        <div key={`${t.module}:${t.serial}`}>
          <strong>{t.label}</strong> <span class="note">{`${t.manufacturer} ${t.model} · ${t.serial}`}</span>
          {overview.certificates
            .filter((c) => c.token.serial === t.serial)
            .map((c) => (
              <CertificateCard
                key={c.handle}
                lang={lang}
                cert={{ certificate: c.certificate, tokenLabel: c.token.label, flags: c.token.flags }}
              />
            ))}
        </div>
      ))}
      <h2>{text(lang, 'popupSites')}</h2>
      {overview.consents.length === 0 && <p>{text(lang, 'popupNoSites')}</p>}
      <ul class="sites">
        {overview.consents.map((c) => (
          <li key={c.origin}>
            <span>
              {c.origin} ({text(lang, c.decision === 'allow' ? 'allowed' : 'denied')})
            </span>
            <button type="button" onClick={() => ask({ type: 'revoke', origin: c.origin })}>
              {text(lang, 'revoke')}
            </button>
          </li>
        ))}
      </ul>
      <h2 id="lang-title">{text(lang, 'language')}</h2>
      <select
        id="lang"
        aria-labelledby="lang-title"
        value={lang}
        onChange={(e) =>
          ask({ type: 'setLang', lang: (e.target as HTMLSelectElement).value === 'en' ? 'en' : 'vi' })
        }
      >
        <option value="vi">Tiếng Việt</option>
        <option value="en">English</option>
      </select>
      <div class="actions">
        <button
          type="button"
          id="check"
          onClick={() => {
            setCheck(undefined);
            ask({ type: 'check' });
          }}
        >
          {text(lang, 'checkInstallation')}
        </button>
      </div>
      {check && <DoctorReportView report={check.report} hostError={check.hostError} lang={lang} />}
    </main>
  );
}

render(<App />, document.getElementById('app')!);
