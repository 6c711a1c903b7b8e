/**
 * Search of the public-service catalogue: accent-insensitive ("ho chieu" finds "Hộ chiếu", "dang ky"
 * finds "Đăng ký"), every word of the query must appear in the procedure's name, summary or agency;
 * results grouped by agency, in catalogue order.
 */
import type { Agency, PublicService } from './publicServices.js';

/** Lower case without Vietnamese diacritics (đ → d); for comparison only. */
export function foldVietnamese(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Query words, at most 10, each at most 50 characters. */
function queryWords(query: string): string[] {
  return foldVietnamese(query.slice(0, 200))
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean)
    .slice(0, 10)
    .map((w) => w.slice(0, 50));
}

export interface AgencyResults {
  agency: Agency;
  services: PublicService[];
}

export function searchServices(catalogue: readonly PublicService[], query: string): AgencyResults[] {
  const words = queryWords(query);
  const groups = new Map<string, AgencyResults>();
  for (const s of catalogue) {
    const haystack = foldVietnamese(
      [s.name.vi, s.name.en, s.summary.vi, s.summary.en, s.agency.name.vi, s.agency.name.en].join(' '),
    );
    if (!words.every((w) => haystack.includes(w))) continue;
    const group = groups.get(s.agency.code) ?? { agency: s.agency, services: [] };
    group.services.push(s);
    groups.set(s.agency.code, group);
  }
  return [...groups.values()];
}
