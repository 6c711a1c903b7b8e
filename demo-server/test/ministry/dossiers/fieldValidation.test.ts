/** Each procedure's validation: required fields, formats, conditional fields, input kept, prefill from claims. */
import { describe, expect, it } from 'vitest';
import {
  normaliseText,
  prefillValues,
  validateForm,
} from '../../../src/ministry/dossiers/fieldValidation.js';
import { PROCEDURES } from '../../../src/ministry/dossiers/procedures.js';

const ctx = { accountIdNumber: '001090012345', now: new Date('2026-11-27T08:00:00Z') };
const person = {
  hoVaTen: '  Nguyễn   Văn An ',
  soDinhDanh: '001090012345',
  ngaySinh: '1/2/1990',
  gioiTinh: '1',
  soDienThoai: '+84 912 345 678',
  thuDienTu: 'An@Example.vn',
};

describe('passport (cap-ho-chieu-pho-thong)', () => {
  const p = PROCEDURES['cap-ho-chieu-pho-thong'];
  const good = {
    ...person,
    noiSinh: 'Hà Nội',
    thuongTru: 'Số 12 phố Tràng Tiền, Hà Nội',
    loaiDeNghi: 'capLanDau',
    hinhThucNhan: 'trucTiep',
    soHoChieuCu: 'ignored',
    diaChiNhan: 'ignored too',
  };

  it('accepts a complete form and normalises the values', () => {
    const r = validateForm(p, good, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.values).toMatchObject({
      hoVaTen: 'Nguyễn Văn An',
      ngaySinh: '01/02/1990',
      soDienThoai: '0912345678',
      thuDienTu: 'an@example.vn',
    });
    // Fields not asked for by the other answers are left out of the declaration.
    expect(r.values).not.toHaveProperty('soHoChieuCu');
    expect(r.values).not.toHaveProperty('diaChiNhan');
  });

  it('requires the previous passport for a renewal and the address for delivery by post', () => {
    const r = validateForm(
      p,
      { ...good, loaiDeNghi: 'capLaiMat', soHoChieuCu: '', hinhThucNhan: 'buuDien', diaChiNhan: '' },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({ soHoChieuCu: 'FIELD_REQUIRED', diaChiNhan: 'FIELD_REQUIRED' });
  });

  it('reports each bad field with its code and keeps what was typed', () => {
    const r = validateForm(
      p,
      {
        ...good,
        hoVaTen: 'An 007',
        soDinhDanh: '123',
        ngaySinh: '31/02/1990',
        gioiTinh: '3',
        soDienThoai: '012',
        thuDienTu: 'not-an-email',
        noiSinh: '',
        loaiDeNghi: 'other',
      },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      hoVaTen: 'NAME_INVALID',
      soDinhDanh: 'CCCD_INVALID',
      ngaySinh: 'DATE_INVALID',
      gioiTinh: 'OPTION_INVALID',
      soDienThoai: 'PHONE_INVALID',
      thuDienTu: 'EMAIL_INVALID',
      noiSinh: 'FIELD_REQUIRED',
      loaiDeNghi: 'OPTION_INVALID',
    });
    expect(r.values.hoVaTen).toBe('An 007');
    expect(r.values.soDinhDanh).toBe('123');
  });

  it("refuses someone else's CCCD as the declarant, a future birth date and an over-long value", () => {
    const r = validateForm(
      p,
      { ...good, soDinhDanh: '079085001234', ngaySinh: '01/01/2030', thuongTru: 'x'.repeat(301) },
      ctx,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors).toEqual({
      soDinhDanh: 'ID_NOT_ACCOUNT_HOLDER',
      ngaySinh: 'DATE_IN_FUTURE',
      thuongTru: 'FIELD_TOO_LONG',
    });
  });

  it('treats a missing body field as empty and ignores fields of no procedure', () => {
    const r = validateForm(p, { injected: 'x' }, ctx);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.hoVaTen).toBe('FIELD_REQUIRED');
    expect(r.values).not.toHaveProperty('injected');
  });
});

describe('permanent residence (dang-ky-thuong-tru)', () => {
  const p = PROCEDURES['dang-ky-thuong-tru'];
  const good = {
    ...person,
    diaChiDangKy: 'Số 5 ngõ 68 Cầu Giấy, Hà Nội',
    quanHeChuHo: 'chuHo',
    noiDungDeNghi: 'Đăng ký thường trú\r\n\r\n\r\n\ttại nhà mới',
  };

  it('accepts the head of household without head-of-household fields, long text normalised', () => {
    const r = validateForm(p, good, ctx);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.values.noiDungDeNghi).toBe('Đăng ký thường trú\n\ntại nhà mới');
  });

  it("requires the head of household's name and valid CCCD otherwise", () => {
    const r = validateForm(p, { ...good, quanHeChuHo: 'con', hoTenChuHo: '', soDinhDanhChuHo: '001' }, ctx);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toEqual({ hoTenChuHo: 'FIELD_REQUIRED', soDinhDanhChuHo: 'CCCD_INVALID' });
    const ok = validateForm(
      p,
      { ...good, quanHeChuHo: 'con', hoTenChuHo: 'Trần Thị Bình', soDinhDanhChuHo: '001175009876' },
      ctx,
    );
    expect(ok.ok).toBe(true);
  });
});

describe('prefill from the national claims', () => {
  it('maps the PascalCase claims (dates YYYYMMDD, gender 1/2) and falls back to the account', () => {
    const v = prefillValues(
      PROCEDURES['cap-ho-chieu-pho-thong'],
      {
        HoVaTen: 'Nguyễn Văn An',
        SoDinhDanh: '001090012345',
        NgayThangNamSinh: '19900201',
        GioiTinh: 1,
        ThuongTru: 'Hà Nội',
      },
      { idNumber: '001090012345', fullName: 'X', email: 'an@example.vn', phone: '0912345678' },
    );
    expect(v).toEqual({
      hoVaTen: 'Nguyễn Văn An',
      soDinhDanh: '001090012345',
      ngaySinh: '01/02/1990',
      gioiTinh: '1',
      soDienThoai: '0912345678',
      thuDienTu: 'an@example.vn',
      thuongTru: 'Hà Nội',
    });
    const none = prefillValues(
      PROCEDURES['dang-ky-thuong-tru'],
      { NgayThangNamSinh: '1990', GioiTinh: 7 },
      {
        idNumber: '001090012345',
        fullName: 'Nguyễn Văn An',
        email: null,
        phone: null,
      },
    );
    expect(none).toMatchObject({ hoVaTen: 'Nguyễn Văn An', ngaySinh: '', gioiTinh: '', thuDienTu: '' });
  });

  it('normalises whitespace and NFC', () => {
    expect(normaliseText(' a \u00a0 b ', false)).toBe('a b');
    expect(normaliseText('Nguyễn'.normalize('NFD'), false)).toBe('Nguyễn');
  });
});
