/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The start page: what the demo contains, demo citizens, magic values of the simulators, links. */
import { t } from '../i18n/labels.js';
import { messageText } from '../i18n/messages.js';
import { Layout, type PageContext } from './pageLayout.js';

export interface DemoCitizen {
  idNumber: string;
  fullName: string;
  dateOfBirth: string;
  phone?: string;
  bhxhCode?: string;
  /** What this citizen demonstrates (Vietnamese / English). */
  note: { vi: string; en: string };
}

export interface MagicValue {
  system: string;
  value: string;
  effect: { vi: string; en: string };
}

/** Demo data shown on the start page; filled from the simulators' seed data by `main.ts`. */
export interface DemoDirectory {
  citizens: DemoCitizen[];
  magicValues: MagicValue[];
  simulatorsUrl: string;
}

export function StartPage(props: { page: PageContext; demo: DemoDirectory; legacy: 'allowed' | 'disabled' }) {
  const { page, demo } = props;
  const { lang } = page;
  return (
    <Layout page={page} title={t(lang, 'home')}>
      <div class="card">
        <h1>{t(lang, 'startTitle')}</h1>
        <p class="notice">
          {messageText(
            props.legacy === 'allowed' ? 'LEGACY_REGISTRATION_NOTICE' : 'LEGACY_REGISTRATION_DISABLED',
            lang,
          )}
        </p>
        <div class="grid">
          <a class="method" href="/dang-ky">
            <b>{t(lang, 'register')}</b>
            <small>
              {t(lang, 'thueBaoDiDong')}, {t(lang, 'baoHiemXaHoi')}, {t(lang, 'usbKySo')},{' '}
              {t(lang, 'simKySo')}, {t(lang, 'chuKySoCaNhan')}
            </small>
          </a>
          <a class="method" href="/dang-nhap">
            <b>{t(lang, 'login')}</b>
            <small>{t(lang, 'loginAccountKind')}</small>
          </a>
          <a class="method" href={`${demo.simulatorsUrl}/outbox/sms`}>
            <b>{t(lang, 'smsOutbox')}</b>
            <small>{demo.simulatorsUrl}</small>
          </a>
        </div>
      </div>
      <div class="card">
        <h2>{t(lang, 'demoCitizens')}</h2>
        <table>
          <thead>
            <tr>
              <th scope="col">{t(lang, 'idNumber')}</th>
              <th scope="col">{t(lang, 'fullName')}</th>
              <th scope="col">{t(lang, 'dateOfBirth')}</th>
              <th scope="col">{t(lang, 'phone')}</th>
              <th scope="col">{t(lang, 'bhxhCode')}</th>
              <th scope="col">{t(lang, 'event')}</th>
            </tr>
          </thead>
          <tbody>
            {demo.citizens.map((c) => (
              <tr>
                <td>
                  <code>{c.idNumber}</code>
                </td>
                <td>{c.fullName}</td>
                <td>{c.dateOfBirth}</td>
                <td>{c.phone ? <code>{c.phone}</code> : '—'}</td>
                <td>{c.bhxhCode ? <code>{c.bhxhCode}</code> : '—'}</td>
                <td>{c.note[lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div class="card">
        <h2>{t(lang, 'magicValues')}</h2>
        <table>
          <tbody>
            {demo.magicValues.map((m) => (
              <tr>
                <th scope="row">{m.system}</th>
                <td>
                  <code>{m.value}</code>
                </td>
                <td>{m.effect[lang]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Layout>
  );
}
