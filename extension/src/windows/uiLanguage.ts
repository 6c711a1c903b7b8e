/** The language the user chose in the popup (Vietnamese by default). */
import browser from 'webextension-polyfill';
import type { Lang } from '../../../lib/src/protocol/index.js';

export const LANG_KEY = 'kyso.lang';

export async function currentLang(): Promise<Lang> {
  const v = (await browser.storage.local.get(LANG_KEY))[LANG_KEY];
  return v === 'en' ? 'en' : 'vi';
}
