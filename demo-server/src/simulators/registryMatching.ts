/** How the simulated registries compare what a citizen typed with what they hold. */

/** NFC, Vietnamese lower case, inner whitespace collapsed, ends trimmed. Diacritics still count. */
export function normalizeName(name: string): string {
  return name.normalize('NFC').toLocaleLowerCase('vi').replace(/\s+/gu, ' ').trim();
}

export function sameName(a: string, b: string): boolean {
  return normalizeName(a) === normalizeName(b);
}

/** `dd/mm/yyyy` → ISO `yyyy-mm-dd`, or undefined when it is not a real calendar date. */
export function parseVietnameseDate(input: string): string | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(input.trim());
  if (!m) return undefined;
  const [, dd, mm, yyyy] = m as unknown as [string, string, string, string];
  const date = new Date(Date.UTC(Number(yyyy), Number(mm) - 1, Number(dd)));
  if (
    date.getUTCFullYear() !== Number(yyyy) ||
    date.getUTCMonth() !== Number(mm) - 1 ||
    date.getUTCDate() !== Number(dd) ||
    Number(yyyy) < 1900
  )
    return undefined;
  return `${yyyy}-${mm}-${dd}`;
}

/** JSON-schema fragments shared by the registry routes. */
export const ID_NUMBER_SCHEMA = { type: 'string', pattern: '^(\\d{9}|\\d{12})$' } as const;
export const FULL_NAME_SCHEMA = { type: 'string', minLength: 1, maxLength: 100 } as const;
export const DATE_SCHEMA = { type: 'string', pattern: '^\\d{2}/\\d{2}/\\d{4}$' } as const;
