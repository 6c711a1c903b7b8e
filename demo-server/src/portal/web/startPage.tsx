/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The start page: what the demo contains, demo citizens, magic values of the simulators, links. */
import { t } from '../i18n/labels.js';
import { type Lang, messageText } from '../i18n/messages.js';
import { serviceText } from '../services/serviceTexts.js';
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

/** A demo account at the simulated VNeID and PostID (the same citizen at both). */
export interface DemoIdentityAccount {
  idNumber: string;
  fullName: string;
  /** VNeID identity level: the portal signs in level 2 only. */
  vneidLevel: 1 | 2;
  /** PostID: 2 = verified at a post-office counter (accepted), 1 = registered online only (refused). */
  postidLevel: 1 | 2;
}

/** Demo data shown on the start page; filled from the simulators' seed data by `main.ts`. */
export interface DemoDirectory {
  citizens: DemoCitizen[];
  magicValues: MagicValue[];
  simulatorsUrl: string;
  /** VNeID / PostID demo accounts and their demo passwords; the card is left out without them. */
  identityProviders?: { accounts: DemoIdentityAccount[]; passwords: { vneid: string; postid: string } };
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
          <a class="method" href="/dich-vu-cong">
            <b>{serviceText(lang, 'title')}</b>
            <small>{serviceText(lang, 'startCardHint')}</small>
          </a>
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
      {demo.identityProviders && (
        <IdentityProvidersCard lang={lang} directory={demo.identityProviders} legacy={props.legacy} />
      )}
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

/** How to sign in with VNeID / PostID (and register through PostID), with the demo accounts and their levels. */
function IdentityProvidersCard(props: {
  lang: Lang;
  directory: NonNullable<DemoDirectory['identityProviders']>;
  legacy: 'allowed' | 'disabled';
}) {
  const { lang, directory } = props;
  return (
    <div class="card" id="dinh-danh">
      <h2>{t(lang, 'identityProvidersTitle')}</h2>
      <p>{t(lang, 'identityProvidersHowTo')}</p>
      <p>
        <a href="/dang-nhap/vneid">{t(lang, 'loginWithVneid')}</a> ·{' '}
        <a href="/dang-nhap/postid">{t(lang, 'loginWithPostid')}</a>
        {props.legacy === 'allowed' && (
          <>
            {' '}
            · <a href="/dang-ky/buu-dien">{t(lang, 'registerWithPostid')}</a>
          </>
        )}
      </p>
      <p>
        {t(lang, 'demoPasswords')}: VNeID <code>{directory.passwords.vneid}</code> · PostID{' '}
        <code>{directory.passwords.postid}</code>
      </p>
      <table>
        <thead>
          <tr>
            <th scope="col">{t(lang, 'idNumber')}</th>
            <th scope="col">{t(lang, 'fullName')}</th>
            <th scope="col">VNeID</th>
            <th scope="col">PostID</th>
          </tr>
        </thead>
        <tbody>
          {directory.accounts.map((a) => (
            <tr data-identity={a.idNumber}>
              <td>
                <code>{a.idNumber}</code>
              </td>
              <td>{a.fullName}</td>
              <td data-vneid-level={a.vneidLevel}>
                {t(lang, a.vneidLevel === 2 ? 'vneidLevel2' : 'vneidLevel1')}
              </td>
              <td data-postid-level={a.postidLevel}>
                {t(lang, a.postidLevel === 2 ? 'postidCounter' : 'postidOnline')}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
