/**
 * UI strings from `_locales` (the same files the browser uses for the manifest),
 * loaded here so the user can switch language in the popup at run time.
 */
import type { Lang } from '../../../lib/src/protocol/index.js';
import en from '../../public/_locales/en/messages.json' with { type: 'json' };
import vi from '../../public/_locales/vi/messages.json' with { type: 'json' };

export type TextKey = keyof typeof vi;

interface LocaleEntry {
  message: string;
  placeholders?: Record<string, { content: string }>;
}

const LOCALES: Record<Lang, Record<string, LocaleEntry>> = { vi, en };

/** The message for `key` in `lang`, with `$1`, `$2`… placeholders filled from `subs`. */
export function text(lang: Lang, key: TextKey, ...subs: string[]): string {
  const entry = LOCALES[lang][key] ?? LOCALES.vi[key];
  if (!entry) return key;
  return entry.message.replace(/\$([A-Za-z0-9_]+)\$/g, (whole, name: string) => {
    const content = entry.placeholders?.[name.toLowerCase()]?.content;
    const index = content ? Number(content.slice(1)) - 1 : -1;
    return index >= 0 ? (subs[index] ?? '') : whole;
  });
}
