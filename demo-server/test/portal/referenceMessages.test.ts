/**
 * The portal's texts against the domain reference's catalogue (vietnam-egov-domain.md §1.7 and §6): each
 * user-visible string the real portal shows is pinned to its stable code, and every code has a Vietnamese
 * text first and an English one.
 */
import { describe, expect, it } from 'vitest';
import { FEDERATION_MESSAGES, federationText } from '../../src/portal/federation/federationMessages.js';
import { MESSAGES, type MessageCode, messageText } from '../../src/portal/i18n/messages.js';

const vi = (code: MessageCode) => messageText(code, 'vi');

describe('messages of the reference catalogue', () => {
  it('§1.7: account exists, BHXH mismatch, OTP failure, password rule, auth retry, outage', () => {
    const exists = vi('ACCOUNT_EXISTS');
    for (const part of ['Quên mật khẩu', 'quầy giao dịch', 'khiếu nại']) expect(exists).toContain(part);
    expect(vi('BHXH_MISMATCH')).toContain('không đăng ký được tài khoản');
    const otp = vi('OTP_FAILED').split('\n');
    expect(otp[0]).toBe('Xác nhận mã OTP thất bại do các nguyên nhân sau:');
    expect(otp.slice(1).filter((l) => l.startsWith('- '))).toHaveLength(3);
    expect(otp[2]).toContain('2 phút');
    expect(vi('PASSWORD_RULE')).toBe(
      'Sử dụng 8 ký tự trở lên bao gồm chữ thường, chữ in hoa, số và ký tự đặc biệt.',
    );
    expect(vi('AUTH_RETRY')).toBe('Đã xảy ra lỗi trong quá trình xác thực. Vui lòng thử đăng nhập lại.');
    expect(vi('REGISTRY_UNAVAILABLE')).toBe('Hệ thống đang bảo trì. Vui lòng thử lại sau');
    expect(federationText('FEDERATION_UNAVAILABLE', 'vi')).toContain(
      'Hệ thống đang bảo trì. Vui lòng thử lại sau',
    );
  });

  it('§6: SIM not chính chủ or on a 9-digit CMND, missing signing tool, expired and revoked certificates, Decree 69', () => {
    expect(vi('CARRIER_CMND_SIM')).toContain('CMND 9 số');
    expect(vi('CARRIER_MISMATCH')).toContain('nhà mạng');
    expect(vi('KYSO_MISSING')).toMatch(/^Không tìm thấy công cụ ký số/);
    expect(vi('CERTIFICATE_EXPIRED')).toMatch(/hết hạn/);
    expect(vi('CERTIFICATE_REVOKED')).toMatch(/thu hồi/);
    const notice = vi('LEGACY_REGISTRATION_NOTICE');
    expect(notice).toContain('69/2024');
    expect(notice).toContain('VNeID');
  });

  it('registry mismatches never name the field that differed', () => {
    for (const code of ['POPULATION_MISMATCH', 'BHXH_MISMATCH', 'CARRIER_MISMATCH'] as const)
      for (const lang of ['vi', 'en'] as const) {
        const text = messageText(code, lang).toLowerCase();
        for (const field of ['họ tên', 'ngày sinh', 'date of birth', 'full name', 'name does', 'birth date'])
          expect(text, `${code}/${lang}`).not.toContain(field);
      }
  });

  it('every code has a Vietnamese and an English text, different from each other', () => {
    for (const [code, t] of Object.entries({ ...MESSAGES, ...FEDERATION_MESSAGES })) {
      expect(t.vi.trim(), code).not.toBe('');
      expect(t.en.trim(), code).not.toBe('');
      expect(t.vi, code).not.toBe(t.en);
    }
  });
});
