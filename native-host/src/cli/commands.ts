/** `kyso-host install | uninstall | doctor | help`. */
import { homedir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Lang } from '@kyso/lib/protocol';
import { buildDoctorReport } from '../doctor/doctorReport.js';
import { renderDoctorText } from '../doctor/doctorText.js';
import { chromeExtensionIds, firefoxExtensionIds, isChromeExtensionId } from '../extensionIds.js';
import { BROWSERS, type BrowserId, type OsId } from '../install/browserLocations.js';
import { executeInstall, executeUninstall } from '../install/installExecution.js';
import { installRecordPath, planInstall } from '../install/installPlan.js';

export const USAGE = `kyso-host — phần mềm Kyso nối tiện ích trình duyệt với USB token / Kyso native host

  kyso-host                 chạy native host (trình duyệt tự khởi động) / run the host (started by the browser)
  kyso-host install [--browser chrome|chromium|edge|brave|vivaldi|firefox|all]… [--system]
                    [--user-data-dir DIR] [--extension-id ID]… [--env NAME=VALUE]… [--dry-run] [--json]
                            đăng ký kyso-host với trình duyệt / register kyso-host with the browsers
  kyso-host uninstall [--system] [--json]
                            gỡ đúng những gì install đã ghi / remove exactly what install wrote
  kyso-host doctor [--lang vi|en] [--json] [--user-data-dir DIR]
                            kiểm tra máy tính / check this computer
`;

/** The script the launcher runs: this package's bin. */
export const HOST_SCRIPT = fileURLToPath(new URL('../../bin/kyso-host.js', import.meta.url));

function currentOs(): OsId {
  return process.platform === 'win32' ? 'win32' : process.platform === 'darwin' ? 'darwin' : 'linux';
}

class UsageError extends Error {}

function browsersFrom(values: string[] | undefined, userDataDir: string | undefined): BrowserId[] {
  const raw = (values ?? [])
    .flatMap((v) => v.split(','))
    .map((v) => v.trim().toLowerCase())
    .filter(Boolean);
  if (raw.length === 0) return userDataDir ? ['chromium'] : [...BROWSERS];
  if (raw.includes('all')) return [...BROWSERS];
  for (const b of raw)
    if (!(BROWSERS as readonly string[]).includes(b))
      throw new UsageError(`Trình duyệt không rõ / unknown browser: ${b} (${BROWSERS.join(', ')}, all)`);
  return [...new Set(raw)] as BrowserId[];
}

function envPairs(values: string[] | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const v of values ?? []) {
    const i = v.indexOf('=');
    if (i <= 0 || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(v.slice(0, i)))
      throw new UsageError(`--env cần dạng TÊN=GIÁ_TRỊ / --env needs NAME=VALUE: ${v}`);
    out[v.slice(0, i)] = v.slice(i + 1);
  }
  return out;
}

function install(args: readonly string[]): number {
  const { values } = parseArgs({
    args: [...args],
    options: {
      browser: { type: 'string', multiple: true },
      system: { type: 'boolean', default: false },
      'user-data-dir': { type: 'string' },
      'extension-id': { type: 'string', multiple: true },
      env: { type: 'string', multiple: true },
      'dry-run': { type: 'boolean', default: false },
      json: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const userDataDir = values['user-data-dir'];
  const ids = values['extension-id'] ?? [];
  const chromeIds = ids.filter(isChromeExtensionId);
  const firefoxIds = ids.filter((id) => !isChromeExtensionId(id));
  const plan = planInstall({
    os: currentOs(),
    homeDir: homedir(),
    env: process.env,
    browsers: browsersFrom(values.browser, userDataDir),
    system: values.system,
    ...(userDataDir ? { userDataDir } : {}),
    nodePath: process.execPath,
    hostScript: HOST_SCRIPT,
    chromeIds: chromeIds.length > 0 ? chromeIds : chromeExtensionIds(),
    firefoxIds: firefoxIds.length > 0 ? firefoxIds : firefoxExtensionIds(),
    launcherEnv: envPairs(values.env),
  });
  if (values['dry-run']) {
    process.stdout.write(`${JSON.stringify(plan, null, 2)}\n`);
    return 0;
  }
  const outcome = executeInstall(plan);
  if (values.json) process.stdout.write(`${JSON.stringify({ plan, outcome }, null, 2)}\n`);
  else {
    process.stdout.write('Đã đăng ký kyso-host / kyso-host registered:\n');
    for (const f of outcome.files) process.stdout.write(`  ${f}\n`);
    for (const k of outcome.registryKeys) process.stdout.write(`  ${k}\n`);
    process.stdout.write('Hãy khởi động lại trình duyệt. / Restart the browser.\n');
  }
  return 0;
}

function uninstall(args: readonly string[]): number {
  const { values } = parseArgs({
    args: [...args],
    options: { system: { type: 'boolean', default: false }, json: { type: 'boolean', default: false } },
    strict: true,
  });
  const outcome = executeUninstall(installRecordPath(currentOs(), homedir(), process.env, values.system));
  if (values.json) process.stdout.write(`${JSON.stringify(outcome, null, 2)}\n`);
  else if (!outcome.found)
    process.stdout.write('Không thấy bản cài đặt nào của kyso-host. / No kyso-host installation found.\n');
  else {
    process.stdout.write('Đã gỡ / removed:\n');
    for (const f of [...outcome.files, ...outcome.registryKeys, ...outcome.dirs])
      process.stdout.write(`  ${f}\n`);
  }
  return 0;
}

async function doctor(args: readonly string[]): Promise<number> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      lang: { type: 'string', default: 'vi' },
      json: { type: 'boolean', default: false },
      'user-data-dir': { type: 'string' },
    },
    strict: true,
  });
  if (values.lang !== 'vi' && values.lang !== 'en') throw new UsageError('--lang vi | en');
  const udd = values['user-data-dir'];
  const report = await buildDoctorReport(udd ? { userDataDir: udd } : {});
  process.stdout.write(
    values.json ? `${JSON.stringify(report, null, 2)}\n` : renderDoctorText(report, values.lang as Lang),
  );
  return report.problems.length === 0 ? 0 : 1;
}

export async function runCommand(command: string, args: readonly string[]): Promise<number> {
  try {
    if (command === 'install') return install(args);
    if (command === 'uninstall') return uninstall(args);
    if (command === 'doctor') return await doctor(args);
    if (command === 'help' || command === '--help' || command === '-h') {
      process.stdout.write(USAGE);
      return 0;
    }
    throw new UsageError(`Lệnh không rõ / unknown command: ${command}`);
  } catch (e) {
    const usage =
      e instanceof UsageError || (e as { code?: unknown }).code?.toString().startsWith('ERR_PARSE_ARGS');
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`kyso-host ${command}: ${message}\n${usage ? USAGE : ''}`);
    return usage ? 2 : 1;
  }
}
