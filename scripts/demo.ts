/**
 * `npm start`: the whole demo on one machine, no set-up.
 *  - the simulated national systems (population DB, carriers, BHXH, SMS/e-mail outboxes, demo CA
 *    with CRL/OCSP, SIM-signature MSSP, remote signing) on http://localhost:8090;
 *  - the national portal (Cổng DVCQG: registration, login, OpenID provider) on http://localhost:8080;
 *  - the ministry portal (Cổng DVC Bộ Công an: SSO, account linking, dossiers) on http://localhost:8081;
 *  - the token walkthrough: the real kyso-host on the SoftHSM demo tokens, revocation over HTTP.
 * Runs until Ctrl+C. `--once` stops after the walkthrough (used by the smoke test); `--lang en`.
 */
import { startDemoServers } from '../demo-server/src/demoServers.js';
import { renderTable } from '../lib/src/cli/terminalTable.js';
import type { Lang } from '../lib/src/index.js';
import { runTokenWalkthrough } from './tokenWalkthrough.js';

const args = process.argv.slice(2);
const lang: Lang = args.includes('en') || args.includes('--lang=en') ? 'en' : 'vi';
const once = args.includes('--once');
const t = (vi: string, en: string) => (lang === 'vi' ? vi : en);
const out = (s: string) => process.stdout.write(s);

const servers = await startDemoServers({ simulatorsLogger: false });
const { simulators } = servers;
const stop = () => servers.close();

try {
  out(`\n${t('Kyso — bản demo đang chạy', 'Kyso — the demo is running')}\n`);
  out(
    `${renderTable(
      [t('Thành phần', 'Component'), t('Địa chỉ', 'Address')],
      [
        [
          t('Cổng Dịch vụ công Quốc gia (demo)', 'National public-service portal (demo)'),
          servers.portalOrigin,
        ],
        [
          t('Cổng dịch vụ công Bộ Công an (demo)', 'Ministry of Public Security portal (demo)'),
          servers.ministryOrigin,
        ],
        [
          t(
            'Hệ thống mô phỏng (dân cư, nhà mạng, BHXH, CA…)',
            'Simulated systems (population, carriers, BHXH, CA…)',
          ),
          simulators.publicUrl,
        ],
        [t('Hộp thư SMS', 'SMS outbox'), `${simulators.publicUrl}/outbox/sms`],
        [
          t('Điện thoại mô phỏng (SIM ký số)', 'Simulated phone (SIM signature)'),
          `${simulators.publicUrl}/phone`,
        ],
        [t('Chứng thư số demo (CRL/OCSP)', 'Demo CA (CRL/OCSP)'), `${simulators.publicUrl}/pki`],
      ],
    )}\n`,
  );
  await runTokenWalkthrough({ lang, onlineRevocation: true, out });
  out(
    `\n${t(
      'Dùng thử trong trình duyệt có tiện ích Kyso: npm run demo:browser. Dừng: Ctrl+C.',
      'Try it in a browser with the Kyso extension: npm run demo:browser. Stop: Ctrl+C.',
    )}\n`,
  );
} catch (e) {
  process.stderr.write(`${t('Bản demo gặp lỗi', 'The demo failed')}: ${(e as Error).message}\n`);
  await stop();
  process.exit(1);
}

if (once) {
  await stop();
  process.exit(0); // the portal's purge timer and database pools would keep the process alive
} else {
  process.once('SIGINT', () => void stop().then(() => process.exit(0)));
  process.once('SIGTERM', () => void stop().then(() => process.exit(0)));
}
