/** JSON shape of flows in the API (Kratos style): ids, state, expiry, messages with codes and texts, UI data. */
import type { LoginFlow } from '../flows/loginEngine.js';
import { METHOD_FIELDS, type RegistrationFlow } from '../flows/registrationEngine.js';
import {
  CERTIFICATE_METHODS,
  type FormMethod,
  type RegistrationMethod,
} from '../flows/registrationMethods.js';
import { type Lang, messageText } from '../i18n/messages.js';

function messages(flow: RegistrationFlow | LoginFlow, lang: Lang) {
  return flow.messages.map((m) => ({ ...m, text: messageText(m.code, lang) }));
}

const iso = (ms: number | undefined) => (ms === undefined ? undefined : new Date(ms).toISOString());

export function registrationFlowJson(flow: RegistrationFlow, lang: Lang) {
  const method = flow.method as RegistrationMethod;
  const fields: Record<string, readonly string[]> = {
    collect: CERTIFICATE_METHODS.includes(method) ? [] : [...METHOD_FIELDS[method as FormMethod], 'captcha'],
    phone: ['phone'],
    identifier: ['idNumber'],
    waiting: ['action'],
    challenge: ['authToken'],
    confirm: ['email', 'captcha'],
    otp: ['otp', 'action'],
    password: ['password', 'passwordConfirm'],
    complete: [],
  };
  return {
    id: flow.id,
    type: 'registration' as const,
    subject: flow.subject,
    method: flow.method,
    state: flow.state,
    expiresAt: iso(flow.expiresAt),
    attempts: flow.attempts,
    messages: messages(flow, lang),
    ui: {
      fields: fields[flow.state] ?? [],
      captchaSvg: flow.state === 'collect' || flow.state === 'confirm' ? flow.data.captchaSvg : undefined,
      /** The same captcha as a question in words, answered with digits (screen readers, braille). */
      captchaQuestion:
        flow.state === 'collect' || flow.state === 'confirm' ? flow.data.captchaQuestion?.[lang] : undefined,
      otpExpiresAt: flow.state === 'otp' ? iso(flow.data.otpExpiresAt) : undefined,
      otpResendAt: flow.state === 'otp' ? iso(flow.data.otpResendAt) : undefined,
      /** The challenge the USB token must sign (state `challenge`). */
      nonce: flow.state === 'challenge' ? flow.data.cert?.nonce : undefined,
      /** SIM ký số: the code shown on the phone too (state `waiting`). */
      simVerificationCode:
        flow.state === 'waiting'
          ? (flow.data.sim?.verificationCode ?? flow.data.remote?.verificationCode)
          : undefined,
      /** Identity read from the certificate (state `confirm`). */
      certificate:
        flow.state === 'confirm' && flow.data.cert?.certificate
          ? {
              ...flow.data.cert.certificate,
              notAfter: iso(flow.data.cert.certificate.notAfter),
            }
          : undefined,
    },
    values: flow.data.values,
    result: flow.state === 'complete' ? { username: flow.data.username } : undefined,
  };
}

export function loginFlowJson(flow: LoginFlow, lang: Lang) {
  return {
    id: flow.id,
    type: 'login' as const,
    method: flow.method,
    state: flow.state,
    expiresAt: iso(flow.expiresAt),
    attempts: flow.attempts,
    messages: messages(flow, lang),
    ui: {
      fields:
        flow.state === 'credentials'
          ? ['username', 'password', 'captcha']
          : flow.state === 'otp'
            ? ['otp', 'action']
            : flow.state === 'challenge'
              ? ['authToken']
              : flow.state === 'phone'
                ? ['phone']
                : flow.state === 'identifier'
                  ? ['idNumber']
                  : flow.state === 'waiting'
                    ? ['action']
                    : [],
      /** The challenge the USB token must sign (method usbKySo). */
      nonce: flow.state === 'challenge' ? flow.data.cert?.nonce : undefined,
      captchaSvg: flow.state === 'credentials' ? flow.data.captchaSvg : undefined,
      captchaQuestion: flow.state === 'credentials' ? flow.data.captchaQuestion?.[lang] : undefined,
      otpExpiresAt: flow.state === 'otp' ? iso(flow.data.otpExpiresAt) : undefined,
      /** SIM ký số / Chữ ký số cá nhân: the code shown on the phone or in the app too (state `waiting`). */
      verificationCode:
        flow.state === 'waiting'
          ? (flow.data.sim?.verificationCode ?? flow.data.remote?.verificationCode)
          : undefined,
    },
  };
}

export const FLOW_ERROR_STATUS = {
  FLOW_NOT_FOUND: 404,
  FLOW_EXPIRED: 410,
  FLOW_CONFLICT: 409,
  FLOW_WRONG_STATE: 409,
  METHOD_NOT_AVAILABLE: 400,
  LEGACY_REGISTRATION_DISABLED: 403,
} as const;
