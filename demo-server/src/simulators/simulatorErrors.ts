/**
 * The error envelope every simulated system answers with: `{ error: { code, message } }`,
 * a stable code and a Vietnamese-first, English-second message. These codes belong to the
 * simulated external systems (they are what a real registry or carrier gateway would send),
 * not to Kyso's own protocol codes in `@kyso/lib/protocol`.
 */
import type { FastifyReply } from 'fastify';

export const SIMULATOR_ERRORS = {
  INVALID_REQUEST: { status: 400, vi: 'Yêu cầu không hợp lệ', en: 'Invalid request' },
  NOT_FOUND: { status: 404, vi: 'Không tìm thấy', en: 'Not found' },
  SUBSCRIBER_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy thuê bao tại nhà mạng',
    en: 'No such subscriber at the carrier',
  },
  CITIZEN_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy công dân trong CSDL quốc gia về dân cư',
    en: 'No such citizen in the national population database',
  },
  CERTIFICATE_NOT_FOUND: {
    status: 404,
    vi: 'SIM ký số chưa có chứng thư số',
    en: 'The signing SIM holds no certificate',
  },
  TRANSACTION_NOT_FOUND: { status: 404, vi: 'Không tìm thấy giao dịch', en: 'No such transaction' },
  CREDENTIAL_NOT_FOUND: {
    status: 404,
    vi: 'Không tìm thấy chứng thư ký số',
    en: 'No such signing credential',
  },
  SERVICE_UNAVAILABLE: {
    status: 503,
    vi: 'Hệ thống đang bảo trì. Vui lòng thử lại sau',
    en: 'The system is under maintenance. Please try again later',
  },
  UPSTREAM_TIMEOUT: {
    status: 504,
    vi: 'Kết nối tới hệ thống thất bại (quá thời gian chờ)',
    en: 'Connection to the system failed (timed out)',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    status: 415,
    vi: 'Kiểu nội dung không được hỗ trợ',
    en: 'Unsupported content type',
  },
  INTERNAL: { status: 500, vi: 'Lỗi hệ thống', en: 'Internal error' },
} as const;

export type SimulatorErrorCode = keyof typeof SIMULATOR_ERRORS;

export interface SimulatorErrorBody {
  error: { code: SimulatorErrorCode; message: string };
}

export function errorBody(code: SimulatorErrorCode, detail?: string): SimulatorErrorBody {
  const e = SIMULATOR_ERRORS[code];
  const message = `${e.vi} / ${e.en}${detail ? `: ${detail}` : ''}`;
  return { error: { code, message } };
}

export function sendError(
  reply: FastifyReply,
  code: SimulatorErrorCode,
  detail?: string,
  extra?: Record<string, unknown>,
): FastifyReply {
  return reply.code(SIMULATOR_ERRORS[code].status).send({ ...extra, ...errorBody(code, detail) });
}
