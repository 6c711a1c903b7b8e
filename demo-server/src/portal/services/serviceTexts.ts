/** Texts of the public-service search ("Tra cứu dịch vụ công"): Vietnamese first, then English. */
import type { Lang } from '../i18n/messages.js';

export const SERVICE_TEXTS = {
  title: { vi: 'Tra cứu dịch vụ công', en: 'Find a public service' },
  intro: {
    vi: 'Tìm thủ tục hành chính theo tên (có dấu hoặc không dấu), rồi thực hiện trực tuyến tại cổng của cơ quan giải quyết. Bạn đăng nhập bằng tài khoản Cổng Dịch vụ công Quốc gia.',
    en: 'Find an administrative procedure by name (with or without diacritics), then do it online at the portal of the agency in charge. You sign in with your National Public Service Portal account.',
  },
  searchLabel: { vi: 'Tên thủ tục, lĩnh vực hoặc cơ quan', en: 'Procedure, field or agency' },
  searchButton: { vi: 'Tìm kiếm', en: 'Search' },
  resultsFor: { vi: 'Kết quả cho', en: 'Results for' },
  noResults: {
    vi: 'Không tìm thấy dịch vụ công phù hợp. Hãy thử từ khóa khác, ví dụ "hộ chiếu" hoặc "thường trú".',
    en: 'No matching public service. Try other words, e.g. "passport" or "residence".',
  },
  onlineFull: { vi: 'Dịch vụ công trực tuyến toàn trình', en: 'Fully online public service' },
  onlinePartial: { vi: 'Dịch vụ công trực tuyến một phần', en: 'Partly online public service' },
  doOnline: { vi: 'Nộp hồ sơ trực tuyến', en: 'Apply online' },
  navLink: { vi: 'Dịch vụ công', en: 'Public services' },
  startCardHint: {
    vi: 'Tra cứu và nộp hồ sơ trực tuyến: hộ chiếu, thường trú…',
    en: 'Find services and apply online: passport, residence…',
  },
} as const satisfies Record<string, { vi: string; en: string }>;

export function serviceText(lang: Lang, key: keyof typeof SERVICE_TEXTS): string {
  return SERVICE_TEXTS[key][lang];
}
