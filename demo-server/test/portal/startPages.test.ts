/**
 * The start pages list the identity providers: the portal's `/` (from demoDirectory) and the simulators' `/`
 * show every VNeID / PostID demo account with its level, the demo passwords and how to use them.
 */
import { loadDemoPki } from '@kyso/lib/demo-pki';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoDirectory } from '../../src/demoDirectory.js';
import { buildPortalApp } from '../../src/portal/portalApp.js';
import {
  createSimulatorsApp,
  identityAccounts,
  POSTID_DEMO_PASSWORD,
  VNEID_DEMO_PASSWORD,
} from '../../src/simulators/index.js';
import { testConfig } from './portalTestKit.js';
import { memoryDatabase } from './testDatabase.js';

const SIMULATORS = 'http://127.0.0.1:9';
const vneid = identityAccounts('vneid');
const postid = identityAccounts('postid');
const level2 = vneid.find((a) => a.level === 2);
const level1 = vneid.find((a) => a.level === 1);
const onlineOnly = postid.find((a) => a.level === 1);

/** The row of `cccd` in the identity card/table. */
function row(html: string, cccd: string): string {
  return new RegExp(`<tr[^>]*data-identity="${cccd}"[\\s\\S]*?</tr>`).exec(html)?.[0] ?? '';
}

describe('portal start page: VNeID and PostID', () => {
  async function startPage(legacy: 'allowed' | 'disabled', lang: 'vi' | 'en' = 'vi') {
    const db = await memoryDatabase();
    const { app } = await buildPortalApp({
      config: testConfig(SIMULATORS, { legacyRegistration: legacy }),
      db,
      logger: false,
      demo: demoDirectory(SIMULATORS),
    });
    const res = await app.inject({ method: 'GET', url: `/?lang=${lang}` });
    await app.close();
    await db.destroy();
    return res.body;
  }

  it('lists every demo account with its VNeID and PostID level, the passwords and the entry links', async () => {
    expect(level2 && level1 && onlineOnly).toBeTruthy();
    const html = await startPage('allowed');
    expect(html).toContain('id="dinh-danh"');
    expect(html).toContain('Đăng nhập bằng tài khoản định danh điện tử VNeID hoặc PostID');
    for (const href of ['/dang-nhap/vneid', '/dang-nhap/postid', '/dang-ky/buu-dien'])
      expect(html).toContain(`href="${href}"`);
    expect(html).toContain(`<code>${VNEID_DEMO_PASSWORD}</code>`);
    expect(html).toContain(`<code>${POSTID_DEMO_PASSWORD}</code>`);
    for (const a of vneid) expect(row(html, a.citizen.cccd), a.citizen.cccd).toContain(a.citizen.fullName);
    expect(row(html, level2?.citizen.cccd ?? '')).toContain('data-vneid-level="2"');
    expect(row(html, level2?.citizen.cccd ?? '')).toContain('Mức 2 — đăng nhập được');
    expect(row(html, level1?.citizen.cccd ?? '')).toContain('data-vneid-level="1"');
    expect(row(html, level1?.citizen.cccd ?? '')).toContain('bị từ chối (cần mức 2)');
    expect(row(html, onlineOnly?.citizen.cccd ?? '')).toContain('data-postid-level="1"');
    expect(row(html, onlineOnly?.citizen.cccd ?? '')).toContain('Chỉ đăng ký trực tuyến');
  });

  it('in English; without legacy registration there is no PostID registration link', async () => {
    const en = await startPage('disabled', 'en');
    expect(en).toContain('Log in with a VNeID or PostID identity account');
    expect(en).toContain('Level 2 — accepted');
    expect(en).toContain('href="/dang-nhap/vneid"');
    expect(en).not.toContain('href="/dang-ky/buu-dien"');
  });
});

describe('simulators start page: VNeID and PostID', () => {
  let app: ReturnType<typeof createSimulatorsApp>;
  beforeAll(async () => {
    app = createSimulatorsApp({ demoPki: await loadDemoPki() });
  });
  afterAll(async () => app.close());

  it('lists the accounts with their levels, the demo passwords and how to use them', async () => {
    const html = (await app.inject({ method: 'GET', url: '/' })).body;
    expect(html).toContain('id="dinh-danh"');
    expect(html).toContain('Đăng nhập → VNeID');
    expect(html).toContain(`<code>${VNEID_DEMO_PASSWORD}</code>`);
    expect(html).toContain(`<code>${POSTID_DEMO_PASSWORD}</code>`);
    for (const a of vneid) expect(row(html, a.citizen.cccd)).toContain(`data-vneid-level="${a.level}"`);
    for (const a of postid) expect(row(html, a.citizen.cccd)).toContain(`data-postid-level="${a.level}"`);
  });
});
