import { DEMO_CITIZENS } from '@kyso/lib/demo-pki';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  findCitizen,
  MAGIC_BHXH,
  MAGIC_EMAIL,
  MAGIC_ID,
  MAGIC_PHONE,
  MOBILE_SUBSCRIBERS,
  SIMULATED_CITIZENS,
} from '../../src/simulators/index.js';
import { errorCode, postJson, simulatorsApp } from './simulatorsTestKit.js';

let app: FastifyInstance;
beforeAll(async () => {
  app = await simulatorsApp();
});
afterAll(() => app.close());

describe('population database', () => {
  const an = { idNumber: '001090012345', fullName: 'Nguyễn Văn An', dateOfBirth: '15/03/1990' };

  it('matches a demo citizen, ignoring case, extra spaces and Unicode normal form', async () => {
    expect((await postJson(app, '/population/verify', an)).json()).toEqual({ match: true });
    const decomposed = '  nguyễn   VĂN an '.normalize('NFD');
    const res = await postJson(app, '/population/verify', { ...an, fullName: decomposed });
    expect(res.json()).toEqual({ match: true });
  });

  it('matches by the old CMND as well as the personal number', async () => {
    const binh = { fullName: 'Trần Thị Bình', dateOfBirth: '02/11/1975' };
    expect((await postJson(app, '/population/verify', { ...binh, idNumber: '012875341' })).json()).toEqual({
      match: true,
    });
    expect((await postJson(app, '/population/verify', { ...binh, idNumber: '001175009876' })).json()).toEqual(
      {
        match: true,
      },
    );
  });

  it('answers only match:false for a wrong name, wrong date, missing diacritics or unknown number', async () => {
    for (const body of [
      { ...an, fullName: 'Nguyễn Văn Ân' },
      { ...an, fullName: 'Nguyen Van An' },
      { ...an, dateOfBirth: '16/03/1990' },
      { ...an, idNumber: MAGIC_ID.noMatch },
    ]) {
      const res = await postJson(app, '/population/verify', body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ match: false });
    }
  });

  it('refuses ill-formed input with INVALID_REQUEST', async () => {
    for (const body of [
      { ...an, idNumber: '12345' },
      { ...an, dateOfBirth: '1990-03-15' },
      { ...an, dateOfBirth: '31/02/1990' },
      { ...an, fullName: '' },
      { idNumber: an.idNumber },
    ]) {
      const res = await postJson(app, '/population/verify', body);
      expect(res.statusCode).toBe(400);
      expect(errorCode(res)).toBe('INVALID_REQUEST');
    }
  });

  it('returns the citizen record by CCCD or CMND, 404 otherwise', async () => {
    const res = await app.inject({ method: 'GET', url: '/population/citizens/012875341' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      cccd: '001175009876',
      cmnd: '012875341',
      cardType: 'CMND',
      fullName: 'Trần Thị Bình',
      dateOfBirth: '02/11/1975',
      gender: 'female',
      placeOfOrigin: 'Phường Hoàng Mai, Hà Nội',
      permanentAddress: 'Số 5 ngõ 68 đường Cầu Giấy, Phường Cầu Giấy, Hà Nội',
      phone: '0983456789',
    });
    const an = (await app.inject({ method: 'GET', url: '/population/citizens/001090012345' })).json();
    expect(an).toMatchObject({
      email: 'an.nguyenvan@kyso-demo.example',
      phone: '0912345678',
      cardType: 'CCCD',
    });
    expect(an).not.toHaveProperty('cmnd');
    const missing = await app.inject({ method: 'GET', url: `/population/citizens/${MAGIC_ID.noMatch}` });
    expect(missing.statusCode).toBe(404);
    expect(errorCode(missing)).toBe('CITIZEN_NOT_FOUND');
    const bad = await app.inject({ method: 'GET', url: '/population/citizens/abc' });
    expect(bad.statusCode).toBe(400);
  });

  it('simulates unavailability and timeouts on both endpoints', async () => {
    const down = await postJson(app, '/population/verify', { ...an, idNumber: MAGIC_ID.unavailable });
    expect(down.statusCode).toBe(503);
    expect(errorCode(down)).toBe('SERVICE_UNAVAILABLE');
    expect(down.json().error.message).toContain('Hệ thống đang bảo trì');
    const slow = await postJson(app, '/population/verify', { ...an, idNumber: MAGIC_ID.timeout });
    expect(slow.statusCode).toBe(504);
    expect(errorCode(slow)).toBe('UPSTREAM_TIMEOUT');
    const lookup = await app.inject({ method: 'GET', url: `/population/citizens/${MAGIC_ID.unavailable}` });
    expect(lookup.statusCode).toBe(503);
    const lookupSlow = await app.inject({ method: 'GET', url: `/population/citizens/${MAGIC_ID.timeout}` });
    expect(lookupSlow.statusCode).toBe(504);
  });
});

describe('mobile carriers', () => {
  it('reports the carrier by prefix and the registered owner', async () => {
    const cases = [
      ['0912345678', 'VinaPhone', '001090012345', 'CCCD', true],
      ['84903123456', 'MobiFone', '079085001234', 'CCCD', true],
      ['+84983456789', 'Viettel', '012875341', 'CMND', true],
      ['0945678123', 'VinaPhone', '151234567', 'CMND', true],
      ['0356789012', 'Viettel', '022070001234', 'CCCD', false],
      ['0398765432', 'Viettel', '172548631', 'CMND', true],
    ] as const;
    for (const [phone, carrier, ownerIdNumber, ownerIdType, chinhChu] of cases) {
      const res = await postJson(app, '/carriers/subscriber', { phone });
      expect(res.statusCode, phone).toBe(200);
      expect(res.json()).toMatchObject({ carrier, ownerIdNumber, ownerIdType, chinhChu });
    }
  });

  it('answers 404 for unknown numbers and other carriers, 400 for non-mobile input', async () => {
    for (const phone of [MAGIC_PHONE.noMatch, '0591234567', '0371234567']) {
      const res = await postJson(app, '/carriers/subscriber', { phone });
      expect(res.statusCode, phone).toBe(404);
      expect(errorCode(res)).toBe('SUBSCRIBER_NOT_FOUND');
    }
    for (const phone of ['12345', '0212345678', '']) {
      const res = await postJson(app, '/carriers/subscriber', { phone });
      expect(res.statusCode, phone).toBe(400);
    }
  });

  it('simulates unavailability and timeouts', async () => {
    expect((await postJson(app, '/carriers/subscriber', { phone: MAGIC_PHONE.unavailable })).statusCode).toBe(
      503,
    );
    expect((await postJson(app, '/carriers/subscriber', { phone: '84969000504' })).statusCode).toBe(504);
  });
});

describe('social insurance', () => {
  const an = {
    bhxhCode: '0190012345',
    idNumber: '001090012345',
    fullName: 'nguyễn văn an',
    dateOfBirth: '15/03/1990',
  };

  it('matches only when code, document, name and birth date all agree', async () => {
    expect((await postJson(app, '/bhxh/verify', an)).json()).toEqual({ match: true });
    expect(
      (
        await postJson(app, '/bhxh/verify', {
          bhxhCode: '0175034112',
          idNumber: '012875341',
          fullName: 'Trần Thị Bình',
          dateOfBirth: '02/11/1975',
        })
      ).json(),
    ).toEqual({ match: true });
    for (const body of [
      { ...an, bhxhCode: '0190012346' },
      { ...an, idNumber: '079085001234' },
      { ...an, fullName: 'Nguyễn Văn Anh' },
      { ...an, dateOfBirth: '15/03/1991' },
      { ...an, bhxhCode: MAGIC_BHXH.noMatch },
    ]) {
      const res = await postJson(app, '/bhxh/verify', body);
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ match: false });
    }
  });

  it('refuses bad codes and simulates faults', async () => {
    expect((await postJson(app, '/bhxh/verify', { ...an, bhxhCode: '123' })).statusCode).toBe(400);
    expect(
      (await postJson(app, '/bhxh/verify', { ...an, bhxhCode: MAGIC_BHXH.unavailable })).statusCode,
    ).toBe(503);
    expect((await postJson(app, '/bhxh/verify', { ...an, bhxhCode: MAGIC_BHXH.timeout })).statusCode).toBe(
      504,
    );
  });
});

describe('SMS and e-mail outboxes', () => {
  it('stores SMS by domestic number, lists them newest first and filters by any phone form', async () => {
    const first = await postJson(app, '/sms/send', { to: '84868123456', text: 'Mã OTP của bạn là 111111' });
    expect(first.statusCode).toBe(200);
    expect(first.json()).toMatchObject({ to: '0868123456' });
    await postJson(app, '/sms/send', { to: '0868123456', text: 'Mã OTP của bạn là 222222' });
    await postJson(app, '/sms/send', { to: '0889123456', text: 'khác' });
    const list = await app.inject({ method: 'GET', url: '/dev/outbox/sms?to=%2B84868123456' });
    const texts = (list.json() as { messages: { text: string; id: string }[] }).messages.map((m) => m.text);
    expect(texts).toEqual(['Mã OTP của bạn là 222222', 'Mã OTP của bạn là 111111']);
    const all = (await app.inject({ method: 'GET', url: '/dev/outbox/sms' })).json() as {
      messages: unknown[];
    };
    expect(all.messages.length).toBeGreaterThanOrEqual(3);
    expect((await app.inject({ method: 'GET', url: '/dev/outbox/sms?to=abc' })).statusCode).toBe(400);
  });

  it('refuses bad SMS input and simulates gateway faults', async () => {
    expect((await postJson(app, '/sms/send', { to: '123', text: 'x' })).statusCode).toBe(400);
    expect((await postJson(app, '/sms/send', { to: '0912345678', text: '' })).statusCode).toBe(400);
    expect((await postJson(app, '/sms/send', { to: MAGIC_PHONE.unavailable, text: 'x' })).statusCode).toBe(
      503,
    );
    expect((await postJson(app, '/sms/send', { to: MAGIC_PHONE.timeout, text: 'x' })).statusCode).toBe(504);
    const none = (
      await app.inject({ method: 'GET', url: `/dev/outbox/sms?to=${MAGIC_PHONE.unavailable}` })
    ).json();
    expect(none).toEqual({ messages: [] });
  });

  it('stores e-mail case-insensitively and simulates faults', async () => {
    const sent = await postJson(app, '/email/send', {
      to: 'Dung.PhamThi@songhan-demo.example',
      subject: 'Xác nhận đăng ký',
      text: 'Chào chị Dung',
    });
    expect(sent.statusCode).toBe(200);
    const list = (
      await app.inject({ method: 'GET', url: '/dev/outbox/email?to=dung.phamthi@songhan-demo.example' })
    ).json() as { messages: { subject: string; to: string }[] };
    expect(list.messages[0]).toMatchObject({
      subject: 'Xác nhận đăng ký',
      to: 'dung.phamthi@songhan-demo.example',
    });
    expect(
      (await postJson(app, '/email/send', { to: 'not-an-address', subject: 's', text: 't' })).statusCode,
    ).toBe(400);
    expect(
      (await postJson(app, '/email/send', { to: MAGIC_EMAIL.unavailable, subject: 's', text: 't' }))
        .statusCode,
    ).toBe(503);
    expect(
      (await postJson(app, '/email/send', { to: MAGIC_EMAIL.timeout, subject: 's', text: 't' })).statusCode,
    ).toBe(504);
  });

  it('renders Vietnamese outbox pages that watch for new messages, with the messages escaped', async () => {
    await postJson(app, '/sms/send', { to: '0793123456', text: 'Mã <b>OTP</b> 333444' });
    const page = await app.inject({ method: 'GET', url: '/outbox/sms?to=0793123456' });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toContain('text/html');
    expect(page.body).toContain('Hộp thư SMS đã gửi');
    // New messages are fetched by the page-watch script, never a timed refresh of the page (WCAG 2.2.1).
    expect(page.body).toContain('data-watch="5"');
    expect(page.body).toContain('src="/static/page-watch.js"');
    expect(page.body).not.toContain('http-equiv="refresh"');
    expect(page.body).toContain('Mã &lt;b>OTP&lt;/b> 333444');
    expect(page.body).not.toContain('Mã OTP của bạn là 111111');
    const script = await app.inject({ method: 'GET', url: '/static/page-watch.js' });
    expect(script.statusCode).toBe(200);
    expect(script.headers['content-type']).toContain('text/javascript');
    expect(script.body).toContain('[data-watch]');
    const mail = await app.inject({ method: 'GET', url: '/outbox/email' });
    expect(mail.body).toContain('Hộp thư e-mail đã gửi');
    expect(mail.body).toContain('Xác nhận đăng ký');
  });
});

describe('data and pages', () => {
  it('knows every lib demo citizen with the same identity data', () => {
    for (const c of Object.values(DEMO_CITIZENS)) {
      const id = 'cccd' in c ? c.cccd : c.cmnd;
      const found = findCitizen(id);
      expect(found, c.id).toBeDefined();
      expect(found).toMatchObject({
        key: c.id,
        fullName: c.fullName,
        birthDate: c.birthDate,
        fromDemoPki: true,
      });
    }
    const keys = SIMULATED_CITIZENS.map((c) => c.key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every citizen phone a carrier record, and numbers stay unique', () => {
    for (const c of SIMULATED_CITIZENS) {
      if (c.phone)
        expect(
          MOBILE_SUBSCRIBERS.some((s) => s.phone === c.phone),
          c.key,
        ).toBe(true);
    }
    const ids = SIMULATED_CITIZENS.flatMap((c) => [c.cccd, ...(c.cmnd ? [c.cmnd] : [])]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('serves the start page with services, magic values and people, and a JSON 404 elsewhere', async () => {
    const page = await app.inject({ method: 'GET', url: '/' });
    expect(page.statusCode).toBe(200);
    for (const text of [
      'Hệ thống mô phỏng bên ngoài',
      MAGIC_ID.timeout,
      '84969000401',
      'Phan Thị Mai',
      '/phone/84912345678',
      '/rs/app/001090012345',
      '/phone/84969000208',
      '/rs/app/001099004003',
      '/vneid',
      'vnpt.crl',
    ]) {
      expect(page.body).toContain(text);
    }
    expect(page.headers['content-security-policy']).toBeDefined();
    const missing = await app.inject({ method: 'GET', url: '/nowhere' });
    expect(missing.statusCode).toBe(404);
    expect(errorCode(missing)).toBe('NOT_FOUND');
    const badJson = await app.inject({
      method: 'POST',
      url: '/population/verify',
      payload: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(badJson.statusCode).toBe(400);
    expect(errorCode(badJson)).toBe('INVALID_REQUEST');
  });
});
