/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The OTP step's form: the code sent by SMS, posted to `action` (re-authentication flows, setting a password). */

import { CsrfField } from '../../portal/web/pageLayout.js';
import { TextField, tr } from './ministryLayout.js';
import type { Lang } from './ministryMessages.js';

export function OtpForm(props: { lang: Lang; csrfToken: string; action: string }) {
  const { lang } = props;
  return (
    <form class="stack" method="post" action={props.action}>
      <CsrfField token={props.csrfToken} />
      <TextField
        name="otp"
        label={tr(lang, { vi: 'Mã xác thực (OTP)', en: 'One-time code (OTP)' })}
        inputMode="numeric"
        autocomplete="one-time-code"
      />
      <button class="primary" type="submit">
        {tr(lang, { vi: 'Xác nhận', en: 'Confirm' })}
      </button>
    </form>
  );
}
