import { type ErrorCode, errorMessage, isErrorCode, type Lang } from './errorCodes.js';

/** The wire shape of an error on every layer. */
export interface WireError {
  code: ErrorCode;
  message: string;
  data?: Record<string, unknown>;
}

/** An error carrying one of the shared codes. */
export class KysoError extends Error {
  readonly code: ErrorCode;
  readonly data: Record<string, unknown> | undefined;

  constructor(code: ErrorCode, message?: string, data?: Record<string, unknown>) {
    super(message ?? errorMessage(code, 'en').message);
    this.name = 'KysoError';
    this.code = code;
    this.data = data;
  }

  /** The citizen-facing text (message and what to do) in the chosen language. */
  userMessage(lang: Lang = 'vi'): string {
    const m = errorMessage(this.code, lang);
    return `${m.message} ${m.action}`;
  }

  toWire(): WireError {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data };
  }

  static fromWire(value: unknown): KysoError {
    if (value && typeof value === 'object') {
      const v = value as { code?: unknown; message?: unknown; data?: unknown };
      const code = isErrorCode(v.code) ? v.code : 'INTERNAL';
      const message = typeof v.message === 'string' ? v.message : undefined;
      const data = v.data && typeof v.data === 'object' ? (v.data as Record<string, unknown>) : undefined;
      return new KysoError(code, message, data);
    }
    return new KysoError('INTERNAL');
  }
}

export function isKysoError(e: unknown): e is KysoError {
  return e instanceof KysoError;
}
