/**
 * The message tables of every page a citizen sees (portal, OpenID provider, federation, service search,
 * ministry portal, dossiers, lib's refusal and verification texts), as the audit's source of Vietnamese
 * interface texts that must not appear on English pages.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
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

const STRING = String.raw`(?:'((?:[^'\\\n]|\\.)*)'|"((?:[^"\\\n]|\\.)*)")`;
/** `{ vi: '…', en: '…' }` written in place, and `lang === 'vi' ? '…' : '…'`. */
const INLINE_PAIRS = [
  new RegExp(String.raw`\bvi:\s*${STRING},\s*en:\s*${STRING}`, 'g'),
  new RegExp(String.raw`\blang === 'vi'\s*\?\s*${STRING}\s*:\s*${STRING}`, 'g'),
];

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [path] : [];
  });
}

/**
 * The Vietnamese/English pairs the page modules write in place (inline tables) rather than in a shared
 * table, read from the sources of the pages' folders.
 */
export function inlineTextPairs(dirs: readonly string[]): { vi: string; en: string }[] {
  const pairs: { vi: string; en: string }[] = [];
  for (const file of dirs.flatMap((d) => sourceFiles(d))) {
    const source = readFileSync(file, 'utf8');
    for (const re of INLINE_PAIRS)
      for (const m of source.matchAll(re)) {
        const vi = m[1] ?? m[2];
        const en = m[3] ?? m[4];
        if (vi !== undefined && en !== undefined) pairs.push({ vi, en });
      }
  }
  return pairs;
}

const DEMO_SERVER = fileURLToPath(new URL('../../../demo-server/src/', import.meta.url));

export const PAGE_MESSAGE_TABLES: readonly unknown[] = [
  inlineTextPairs([join(DEMO_SERVER, 'portal'), join(DEMO_SERVER, 'ministry')]),
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
