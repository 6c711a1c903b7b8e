/**
 * Life cycle of a dossier. A draft (declaration made, not yet signed) becomes `received` when a valid
 * signature of the account holder is accepted; an officer then moves it to `processing` and on to `done`
 * (result available) or `returned` (sent back to the citizen with a reason).
 *
 *   draft ──(signed)──▶ received ──▶ processing ──▶ done
 *                          │              └───────▶ returned
 *                          └──────────▶ returned
 */
import type { LocalText } from './procedures.js';

export type DossierStatus = 'draft' | 'received' | 'processing' | 'done' | 'returned';

export const STATUS_LABELS: Readonly<Record<DossierStatus, LocalText>> = {
  draft: { vi: 'Chưa ký, chưa nộp', en: 'Not signed, not submitted' },
  received: { vi: 'Đã tiếp nhận', en: 'Received' },
  processing: { vi: 'Đang xử lý', en: 'Processing' },
  done: { vi: 'Đã có kết quả', en: 'Result available' },
  returned: { vi: 'Trả lại hồ sơ', en: 'Returned' },
};

/** The statuses an officer may move a dossier to from each status. */
export const OFFICER_TRANSITIONS: Readonly<Record<DossierStatus, readonly DossierStatus[]>> = {
  draft: [],
  received: ['processing', 'returned'],
  processing: ['done', 'returned'],
  done: [],
  returned: [],
};

export function isDossierStatus(v: unknown): v is DossierStatus {
  return typeof v === 'string' && Object.hasOwn(STATUS_LABELS, v);
}

export function canOfficerMove(from: DossierStatus, to: DossierStatus): boolean {
  return OFFICER_TRANSITIONS[from].includes(to);
}
