/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** "Đặt mật khẩu": a password for an account created through SSO, confirmed by an SMS OTP. */

import { CsrfField } from '../../portal/web/pageLayout.js';
import { Messages, MinistryLayout, type MinistryPage, TextField, tr } from './ministryLayout.js';
import type { PageMessage } from './ministryMessages.js';
import { OtpForm } from './otpForm.js';

export const PASSWORD_PATH = '/tai-khoan/mat-khau';

const TITLE = { vi: 'Đặt mật khẩu', en: 'Set a password' };

/** Step 1: the new password twice (the portal's rule is stated); step 2: the OTP sent to `phone`. */
export function SetPasswordPage(props: {
  page: MinistryPage;
  step: 'password' | 'otp';
  /** The setting of the OTP step. */
  settingId?: string;
  /** The account's phone, masked. */
  phone: string;
  messages: readonly PageMessage[];
}) {
  const { lang, csrfToken } = props.page;
  return (
    <MinistryLayout page={props.page} title={tr(lang, TITLE)}>
      <div class="card" data-page="dat-mat-khau" data-step={props.step}>
        <h1>{tr(lang, TITLE)}</h1>
        <Messages lang={lang} messages={props.messages} />
        {props.step === 'password' ? (
          <form class="stack" method="post" action={PASSWORD_PATH}>
            <p>
              {tr(lang, {
                vi: 'Tài khoản được tạo qua Cổng dịch vụ công Quốc gia nên chưa có mật khẩu. Khi có mật khẩu, bạn có thể xác thực lại bằng mật khẩu và mã OTP gửi tới số điện thoại',
                en: 'The account was created through the National Public Service Portal, so it has no password. With one, you can authenticate again with the password and an OTP sent to',
              })}{' '}
              <b data-field="phone">{props.phone}</b>.
            </p>
            <p class="hint">
              {tr(lang, {
                vi: 'Mật khẩu từ 8 ký tự trở lên, gồm chữ thường, chữ in hoa, số và ký tự đặc biệt; không chứa số định danh hay số điện thoại.',
                en: '8 characters or more, with lower-case and upper-case letters, digits and special characters; not containing your ID or phone number.',
              })}
            </p>
            <CsrfField token={csrfToken} />
            <TextField
              name="password"
              type="password"
              label={tr(lang, { vi: 'Mật khẩu mới', en: 'New password' })}
              autocomplete="new-password"
            />
            <TextField
              name="confirm"
              type="password"
              label={tr(lang, { vi: 'Nhập lại mật khẩu mới', en: 'New password again' })}
              autocomplete="new-password"
            />
            <button class="primary" type="submit">
              {tr(lang, { vi: 'Gửi mã OTP', en: 'Send the OTP' })}
            </button>
          </form>
        ) : (
          <OtpForm lang={lang} csrfToken={csrfToken} action={`${PASSWORD_PATH}/${props.settingId}/otp`} />
        )}
        <p>
          <a href="/tai-khoan">{tr(lang, { vi: 'Quay lại tài khoản', en: 'Back to the account' })}</a>
        </p>
      </div>
    </MinistryLayout>
  );
}
