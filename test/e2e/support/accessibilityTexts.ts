/**
 * The message tables of every page a citizen sees (portal, OpenID provider, federation, service search,
 * ministry portal, dossiers, lib's refusal and verification texts), as the audit's source of Vietnamese
 * interface texts that must not appear on English pages.
 */
import { demoDirectory } from '../../../demo-server/src/demoDirectory.js';
import { FIELD_PROBLEMS, PAGE_MESSAGES } from '../../../demo-server/src/ministry/dossiers/dossierMessages.js';
import { STATUS_LABELS } from '../../../demo-server/src/ministry/dossiers/dossierStatus.js';
import { PROCEDURES } from '../../../demo-server/src/ministry/dossiers/procedures.js';
import {
  DECLARATION_ALTERED,
  SIGNER_MISMATCH,
} from '../../../demo-server/src/ministry/dossiers/signatureVerification.js';
import { PORTAL_NAME } from '../../../demo-server/src/ministry/web/ministryLayout.js';
import { MINISTRY_MESSAGES } from '../../../demo-server/src/ministry/web/ministryMessages.js';
import {
  FEDERATION_MESSAGES,
  PROVIDER_NAMES,
} from '../../../demo-server/src/portal/federation/federationMessages.js';
import { LABELS } from '../../../demo-server/src/portal/i18n/labels.js';
import { MESSAGES } from '../../../demo-server/src/portal/i18n/messages.js';
import { CLAIM_LABELS, OIDC_TEXTS } from '../../../demo-server/src/portal/oidc/oidcTexts.js';
import { BO_CONG_AN } from '../../../demo-server/src/portal/services/publicServices.js';
import { SERVICE_TEXTS } from '../../../demo-server/src/portal/services/serviceTexts.js';
import enLocale from '../../../extension/public/_locales/en/messages.json' with { type: 'json' };
import viLocale from '../../../extension/public/_locales/vi/messages.json' with { type: 'json' };
import { AUTH_TOKEN_MESSAGES } from '../../../lib/src/auth/authTokenErrors.js';
import { CMS_ISSUE_MESSAGES } from '../../../lib/src/cms/cmsIssues.js';
import { ERROR_MESSAGES } from '../../../lib/src/protocol/errorCodes.js';
import { vietnameseInterfaceTexts } from './accessibilityAudit.js';

export const PAGE_MESSAGE_TABLES: readonly unknown[] = [
  LABELS,
  MESSAGES,
  OIDC_TEXTS,
  CLAIM_LABELS,
  FEDERATION_MESSAGES,
  PROVIDER_NAMES,
  SERVICE_TEXTS,
  BO_CONG_AN,
  demoDirectory('http://127.0.0.1'),
  MINISTRY_MESSAGES,
  PORTAL_NAME,
  FIELD_PROBLEMS,
  PAGE_MESSAGES,
  STATUS_LABELS,
  PROCEDURES,
  SIGNER_MISMATCH,
  DECLARATION_ALTERED,
  AUTH_TOKEN_MESSAGES,
  CMS_ISSUE_MESSAGES,
];

/** Vietnamese interface texts an English page of the portals must not show. */
export const PAGE_VIETNAMESE_TEXTS: readonly string[] = vietnameseInterfaceTexts(PAGE_MESSAGE_TABLES);

/** The extension's `_locales` messages as `{ vi, en }` pairs. */
function localePairs(): { vi: string; en: string }[] {
  const en = enLocale as Record<string, { message: string }>;
  return Object.entries(viLocale as Record<string, { message: string }>).map(([key, v]) => ({
    vi: v.message,
    en: en[key]?.message ?? '',
  }));
}

/** lib's protocol error texts (message and what to do) as `{ vi, en }` pairs. */
function errorPairs(): { vi: string; en: string }[] {
  return Object.values(ERROR_MESSAGES).flatMap((m) => [
    { vi: m.vi.message, en: m.en.message },
    { vi: m.vi.action, en: m.en.action },
  ]);
}

/** Vietnamese interface texts an English extension window (popup, Kyso window) must not show. */
export const EXTENSION_VIETNAMESE_TEXTS: readonly string[] = vietnameseInterfaceTexts([
  localePairs(),
  errorPairs(),
]);
