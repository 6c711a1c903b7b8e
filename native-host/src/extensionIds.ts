/**
 * The ids that tie the host to the Kyso extension. The Chrome id is fixed by
 * the public key in the extension manifest (see extension/extensionKey.json):
 * sha256(SPKI DER), first 32 hex digits mapped 0-f → a-p. Firefox uses the
 * gecko id. Both can be overridden (for a development build) with
 * `KYSO_CHROME_EXTENSION_ID` / `KYSO_FIREFOX_EXTENSION_ID` (comma-separated)
 * or `kyso-host install --extension-id`.
 */
import { createHash } from 'node:crypto';

export const HOST_NAME = 'vn.kyso.host';
export const HOST_DESCRIPTION = 'Kyso: ký số bằng USB token / sign with USB tokens';
export const DEFAULT_CHROME_EXTENSION_ID = 'ldkfojoncbjcmiafoceaohbhkgpoiglf';
export const FIREFOX_EXTENSION_ID = 'kyso@kyso.vn';

/** The Chrome extension id for a manifest `key` (base64 SPKI DER). */
export function chromeIdFromPublicKey(spkiBase64: string): string {
  const hex = createHash('sha256').update(Buffer.from(spkiBase64, 'base64')).digest('hex').slice(0, 32);
  return hex.replace(/[0-9a-f]/g, (c) => String.fromCharCode(97 + Number.parseInt(c, 16)));
}

const CHROME_ID = /^[a-p]{32}$/;

export function isChromeExtensionId(id: string): boolean {
  return CHROME_ID.test(id);
}

function list(value: string | undefined): string[] {
  return (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

export function chromeExtensionIds(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const ids = list(env.KYSO_CHROME_EXTENSION_ID);
  return ids.length > 0 ? ids : [DEFAULT_CHROME_EXTENSION_ID];
}

export function firefoxExtensionIds(
  env: Readonly<Record<string, string | undefined>> = process.env,
): string[] {
  const ids = list(env.KYSO_FIREFOX_EXTENSION_ID);
  return ids.length > 0 ? ids : [FIREFOX_EXTENSION_ID];
}
