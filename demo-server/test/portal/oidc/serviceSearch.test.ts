/**
 * "Tra cứu dịch vụ công": accent-insensitive search of the catalogue, results grouped by agency, and the
 * page linking each Ministry of Public Security procedure to the ministry portal.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPortalApp, type PortalApp } from '../../../src/portal/portalApp.js';
import { publicServices } from '../../../src/portal/services/publicServices.js';
import { foldVietnamese, searchServices } from '../../../src/portal/services/serviceSearch.js';
import { testConfig } from '../portalTestKit.js';
import { memoryDatabase } from '../testDatabase.js';

const catalogue = publicServices('https://dichvucong.bocongan.example');
const codes = (q: string) => searchServices(catalogue, q).flatMap((g) => g.services.map((s) => s.code));

describe('public-service search', () => {
  it('folds Vietnamese diacritics and đ', () => {
    expect(foldVietnamese('Đăng ký THƯỜNG TRÚ')).toBe('dang ky thuong tru');
    expect(foldVietnamese('Hộ chiếu')).toBe('ho chieu');
  });

  it('finds procedures with or without diacritics, every word required', () => {
    expect(codes('ho chieu')).toEqual(['cap-ho-chieu-pho-thong']);
    expect(codes('HỘ CHIẾU')).toEqual(['cap-ho-chieu-pho-thong']);
    expect(codes('dang ky thuong tru')).toEqual(['dang-ky-thuong-tru']);
    expect(codes('passport')).toEqual(['cap-ho-chieu-pho-thong']);
    expect(codes('ho chieu thuong tru')).toEqual([]);
    expect(codes('giay phep lai xe')).toEqual([]);
  });

  it('groups results by agency; an empty query lists everything', () => {
    const all = searchServices(catalogue, '');
    expect(all.map((g) => g.agency.code)).toEqual(['BCA']);
    expect(all[0]?.services.map((s) => s.code)).toEqual(['cap-ho-chieu-pho-thong', 'dang-ky-thuong-tru']);
    expect(codes('bo cong an')).toEqual(['cap-ho-chieu-pho-thong', 'dang-ky-thuong-tru']);
  });

  it('links each procedure to /thu-tuc/<code> on the ministry origin', () => {
    expect(catalogue.map((s) => s.url)).toEqual([
      'https://dichvucong.bocongan.example/thu-tuc/cap-ho-chieu-pho-thong',
      'https://dichvucong.bocongan.example/thu-tuc/dang-ky-thuong-tru',
    ]);
  });
});

describe('the /dich-vu-cong page', () => {
  let portal: PortalApp;
  beforeAll(async () => {
    portal = await buildPortalApp({
      config: testConfig('http://127.0.0.1:9'),
      db: await memoryDatabase(),
      logger: false,
      openIdProvider: { clients: [], ministryOrigin: 'http://localhost:8081' },
    });
  });
  afterAll(async () => {
    await portal.app.close();
    await portal.ctx.db.destroy();
  });

  it('shows the search results grouped by agency, linked to the ministry portal', async () => {
    const res = await portal.app.inject({ url: `/dich-vu-cong?q=${encodeURIComponent('ho chieu')}` });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('data-agency="BCA"');
    expect(res.body).toContain('<h2>Bộ Công an</h2>');
    expect(res.body).toContain('href="http://localhost:8081/thu-tuc/cap-ho-chieu-pho-thong"');
    expect(res.body).not.toContain('dang-ky-thuong-tru');
    expect(res.body).toContain('value="ho chieu"');
  });

  it('says so when nothing matches, and speaks English on the switch', async () => {
    const none = await portal.app.inject({ url: '/dich-vu-cong?q=xyz' });
    expect(none.body).toContain('data-code="SERVICE_NOT_FOUND"');
    const en = await portal.app.inject({ url: '/dich-vu-cong?lang=en' });
    expect(en.body).toContain('Find a public service');
    expect(en.body).toContain('Registration of permanent residence');
    expect(en.body).toContain('Ministry of Public Security');
  });

  it('is linked from the start page and the navigation', async () => {
    const start = await portal.app.inject({ url: '/' });
    expect(start.body.match(/href="\/dich-vu-cong"/g)?.length).toBe(2);
  });

  it('escapes the query it shows back', async () => {
    const res = await portal.app.inject({
      url: `/dich-vu-cong?q=${encodeURIComponent('<script>x</script>')}`,
    });
    expect(res.body).not.toContain('<script>x</script>');
    expect(res.body).toContain('&lt;script>');
  });
});
