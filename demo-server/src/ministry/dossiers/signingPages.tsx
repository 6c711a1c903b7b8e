/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The signing pages: the choice of method (USB token through Kyso, SIM, remote signature) and the waiting page. */

import { CsrfField } from '../../portal/web/pageLayout.js';
import type { Lang } from './dossierHost.js';
import type { PageMessageCode } from './dossierMessages.js';
import { DeclarationTable } from './dossierPages.js';
import type { DossierRow, SigningRow } from './dossierStore.js';
import { IssueList, Message } from './pageParts.js';
import { PROCEDURES } from './procedures.js';
import type { DossierVerificationReport } from './signatureVerification.js';

export function SignPage(props: {
  lang: Lang;
  csrf: string;
  dossier: DossierRow;
  accountPhone: string | null;
  /** The account's CCCD/MST: the page preselects the token certificate that names it. */
  holderId: string;
  message?: { code: PageMessageCode; report?: DossierVerificationReport | null };
}) {
  const { lang, dossier, csrf } = props;
  const procedure = PROCEDURES[dossier.procedureCode];
  const declarationB64 = Buffer.from(dossier.declaration, 'utf8').toString('base64');
  return (
    <div id="ky-ho-so" data-dossier={dossier.id} data-reference={dossier.reference}>
      <div class="card">
        <p>
          {lang === 'vi' ? 'Mã hồ sơ' : 'Dossier reference'}:{' '}
          <strong id="ma-ho-so">{dossier.reference}</strong>
        </p>
        {props.message ? <Message code={props.message.code} lang={lang} type="error" /> : null}
        {props.message?.report ? (
          <IssueList lang={lang} issues={props.message.report.errors} kind="error" />
        ) : null}
        <DeclarationTable lang={lang} dossier={dossier} />
        <p>
          <small>
            SHA-256: <code id="declaration-sha256">{dossier.declarationSha256}</code>
          </small>
        </p>
      </div>
      <div class="card" id="ky-usb">
        <h2>{lang === 'vi' ? 'Ký bằng USB token (Kyso)' : 'Sign with a USB token (Kyso)'}</h2>
        <form
          method="post"
          action={`/ho-so/${dossier.id}/ky/usb`}
          id="kyso-dossier-form"
          data-lang={lang}
          data-declaration={declarationB64}
          data-holder={props.holderId}
          data-description={`${procedure.name.vi} — ${dossier.reference}`}
        >
          <CsrfField token={csrf} />
          <input type="hidden" name="cms" id="kyso-cms" value="" />
          <label for="kyso-certificate" hidden id="kyso-certificate-label">
            {lang === 'vi' ? 'Chứng thư số' : 'Certificate'}
          </label>
          <select id="kyso-certificate" hidden />
          <button class="primary" type="submit" id="kyso-sign">
            {lang === 'vi' ? 'Ký số và nộp hồ sơ' : 'Sign and submit'}
          </button>
          <p id="kyso-missing" class="msg error" hidden>
            {lang === 'vi'
              ? 'Chưa có tiện ích Kyso hoặc phần mềm kết nối token. Hãy cài Kyso rồi tải lại trang.'
              : 'Kyso (extension and host) is not installed. Install Kyso and reload the page.'}
          </p>
          <p id="kyso-error" class="msg error" role="alert" hidden />
        </form>
        <script type="module" src="/static/ho-so/ky-so.js" />
      </div>
      <div class="card" id="ky-sim">
        <h2>{lang === 'vi' ? 'Ký bằng SIM ký số' : 'Sign with a signing SIM'}</h2>
        <form method="post" action={`/ho-so/${dossier.id}/ky/sim`}>
          <CsrfField token={csrf} />
          <label for="sim-phone">{lang === 'vi' ? 'Số điện thoại' : 'Phone number'}</label>
          <input id="sim-phone" name="phone" type="tel" value={props.accountPhone ?? ''} />
          <button class="primary" type="submit" id="sim-sign">
            {lang === 'vi' ? 'Gửi yêu cầu ký tới điện thoại' : 'Send the signing request to the phone'}
          </button>
        </form>
      </div>
      <div class="card" id="ky-tu-xa">
        <h2>{lang === 'vi' ? 'Ký bằng chữ ký số cá nhân (ký từ xa)' : 'Sign with a remote signature'}</h2>
        <form method="post" action={`/ho-so/${dossier.id}/ky/tu-xa`}>
          <CsrfField token={csrf} />
          <button class="primary" type="submit" id="rs-sign">
            {lang === 'vi' ? 'Gửi yêu cầu ký tới ứng dụng' : 'Send the signing request to the app'}
          </button>
        </form>
      </div>
    </div>
  );
}

export function WaitingPage(props: {
  lang: Lang;
  dossier: DossierRow;
  signing: SigningRow;
  simulatorsUrl: string;
  /** The remote-signing provider's user id (the account's CCCD), for the link to the app page. */
  appUserId: string;
}) {
  const { lang, dossier, signing } = props;
  const step: PageMessageCode = signing.method === 'remote' ? 'RS_SIGNATURE_STEP' : 'SIM_SIGNATURE_STEP';
  const where =
    signing.method === 'sim'
      ? `${props.simulatorsUrl}/phone/84${(signing.phone ?? '').slice(1)}`
      : `${props.simulatorsUrl}/rs/app/${encodeURIComponent(props.appUserId)}`;
  return (
    <div
      class="card"
      id="cho-ky"
      data-step={signing.step}
      data-method={signing.method}
      data-watch="2"
      data-watch-key={signing.step}
    >
      {/* Checks for news every 2 s and changes the page only then (no timed refresh, WCAG 2.2.1). */}
      <script type="module" src="/static/page-watch.js" />
      <Message code={step} lang={lang} type="info" />
      <p>
        {lang === 'vi'
          ? 'Mã kiểm tra (phải trùng với mã trên điện thoại)'
          : 'Check code (must match your phone)'}
        : <strong id="ma-kiem-tra">{signing.verificationCode}</strong>
      </p>
      <p>
        {lang === 'vi'
          ? `Hồ sơ ${dossier.reference}. Trang này tự kiểm tra mỗi 2 giây và tự chuyển bước khi bạn xác nhận.`
          : `Dossier ${dossier.reference}. This page checks every 2 seconds and moves on by itself once you confirm.`}
      </p>
      <p>
        <a href={where} target="_blank" rel="noreferrer" id="mo-thiet-bi">
          {signing.method === 'sim'
            ? lang === 'vi'
              ? 'Mở điện thoại mô phỏng'
              : 'Open the simulated phone'
            : lang === 'vi'
              ? 'Mở ứng dụng ký số mô phỏng'
              : 'Open the simulated signing app'}
        </a>
      </p>
      <a href={`/ho-so/${dossier.id}/ky/cho`} id="kiem-tra-lai">
        {lang === 'vi' ? 'Kiểm tra ngay' : 'Check now'}
      </a>
    </div>
  );
}
