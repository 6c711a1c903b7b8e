/** Plain-text tables for the terminal (box drawing, widths counted in NFC code points). */

function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) {
    const cp = ch.codePointAt(0) ?? 0;
    if (cp >= 0x300 && cp <= 0x36f) continue; // combining marks left after NFC
    w += 1;
  }
  return w;
}

function pad(s: string, width: number): string {
  return s + ' '.repeat(Math.max(0, width - displayWidth(s)));
}

/** Breaks a line longer than `max` at the last comma or space before it (hard break otherwise). */
export function wrapLine(line: string, max: number): string[] {
  const out: string[] = [];
  let rest = line;
  while (displayWidth(rest) > max) {
    const chars = [...rest];
    const head = chars.slice(0, max).join('');
    const cut = Math.max(head.lastIndexOf(','), head.lastIndexOf(' '));
    const at = cut > max / 3 ? cut + 1 : max;
    out.push(chars.slice(0, at).join('').trimEnd());
    rest = chars.slice(at).join('').trimStart();
  }
  out.push(rest);
  return out;
}

/**
 * A boxed table. `header` may be null for a label/value table; cells may hold several lines.
 */
export function renderTable(
  header: readonly string[] | null,
  rows: readonly (readonly string[])[],
  maxCellWidth = 80,
): string {
  const split = (r: readonly string[]) =>
    r.map((c) =>
      c
        .normalize('NFC')
        .split('\n')
        .flatMap((l) => wrapLine(l, maxCellWidth)),
    );
  const body = rows.map(split);
  const head = header ? split(header) : null;
  const all = head ? [head, ...body] : body;
  const cols = Math.max(...all.map((r) => r.length));
  const widths = Array.from({ length: cols }, (_, i) =>
    Math.max(0, ...all.map((r) => Math.max(0, ...(r[i] ?? ['']).map(displayWidth)))),
  );
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const lines = (cells: string[][]) => {
    const height = Math.max(1, ...cells.map((c) => c.length));
    const out: string[] = [];
    for (let k = 0; k < height; k++)
      out.push(`│ ${widths.map((w, i) => pad(cells[i]?.[k] ?? '', w)).join(' │ ')} │`);
    return out;
  };
  const out = [rule('┌', '┬', '┐')];
  if (head) out.push(...lines(head), rule('├', '┼', '┤'));
  for (const r of body) out.push(...lines(r));
  out.push(rule('└', '┴', '┘'));
  return out.join('\n');
}
