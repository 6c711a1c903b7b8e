/** `kyso-host doctor` as text for people: Vietnamese by default, English with --lang en. */
import type { Lang } from '@kyso/lib/protocol';
import type { DoctorReport, Problem, ProblemCode } from './doctorReport.js';

interface Advice {
  what: string;
  fix: string;
}

const ADVICE: Readonly<Record<ProblemCode, Readonly<Record<Lang, Advice>>>> = {
  nodeTooOld: {
    vi: {
      what: 'Phiên bản Node.js quá cũ.',
      fix: 'Cài Node.js 20.19 trở lên rồi chạy lại "kyso-host install".',
    },
    en: {
      what: 'Node.js is too old.',
      fix: 'Install Node.js 20.19 or newer, then run "kyso-host install" again.',
    },
  },
  configInvalid: {
    vi: {
      what: 'Tệp cấu hình của Kyso bị lỗi.',
      fix: 'Sửa tệp (JSON: { "modules": ["đường dẫn tới tệp PKCS#11"] }) hoặc xóa nó.',
    },
    en: {
      what: 'The Kyso config file is invalid.',
      fix: 'Fix it (JSON: { "modules": ["path to a PKCS#11 file"] }) or delete it.',
    },
  },
  moduleFailed: {
    vi: {
      what: 'Không nạp được trình điều khiển PKCS#11 này.',
      fix: 'Cài lại phần mềm USB token của nhà cung cấp, hoặc bỏ đường dẫn sai khỏi cấu hình.',
    },
    en: {
      what: 'This PKCS#11 driver could not be loaded.',
      fix: "Reinstall the token vendor's software, or remove the wrong path from the config.",
    },
  },
  noModule: {
    vi: {
      what: 'Không có trình điều khiển USB token nào được nạp.',
      fix: 'Cài phần mềm (driver) của nhà cung cấp chữ ký số, hoặc thêm đường dẫn tệp PKCS#11 vào tệp cấu hình.',
    },
    en: {
      what: 'No USB token driver is loaded.',
      fix: "Install your certificate provider's token driver, or add the PKCS#11 file path to the config file.",
    },
  },
  noToken: {
    vi: {
      what: 'Không thấy USB token nào.',
      fix: 'Cắm USB token vào máy (thử cổng USB khác), rồi chạy lại "kyso-host doctor".',
    },
    en: {
      what: 'No USB token found.',
      fix: 'Plug in the USB token (try another USB port), then run "kyso-host doctor" again.',
    },
  },
  pinLocked: {
    vi: { what: 'Mã PIN của USB token đã bị khóa.', fix: 'Liên hệ nhà cung cấp chữ ký số (CA) để mở khóa.' },
    en: { what: "The token's PIN is locked.", fix: 'Contact your certificate provider (CA) to unlock it.' },
  },
  noCertificate: {
    vi: {
      what: 'USB token không có chứng thư số kèm khóa bí mật.',
      fix: 'Liên hệ nhà cung cấp chữ ký số (CA).',
    },
    en: {
      what: 'The token has no certificate with a private key.',
      fix: 'Contact your certificate provider (CA).',
    },
  },
  certificateExpired: {
    vi: { what: 'Chứng thư số đã hết hạn.', fix: 'Gia hạn chứng thư số với nhà cung cấp (CA).' },
    en: { what: 'The certificate has expired.', fix: 'Renew it with your certificate provider (CA).' },
  },
  certificateNotYetValid: {
    vi: { what: 'Chứng thư số chưa có hiệu lực.', fix: 'Kiểm tra ngày giờ của máy tính.' },
    en: { what: 'The certificate is not valid yet.', fix: "Check the computer's date and time." },
  },
  noManifest: {
    vi: {
      what: 'Chưa trình duyệt nào được đăng ký với kyso-host.',
      fix: 'Chạy "kyso-host install" rồi khởi động lại trình duyệt.',
    },
    en: {
      what: 'No browser is registered with kyso-host.',
      fix: 'Run "kyso-host install", then restart the browser.',
    },
  },
  manifestBroken: {
    vi: {
      what: 'Đăng ký kyso-host trong trình duyệt bị sai.',
      fix: 'Chạy lại "kyso-host install" rồi khởi động lại trình duyệt.',
    },
    en: {
      what: 'The kyso-host registration for a browser is wrong.',
      fix: 'Run "kyso-host install" again, then restart the browser.',
    },
  },
};

export function problemAdvice(code: ProblemCode, lang: Lang): Advice {
  return ADVICE[code][lang];
}

const LABELS = {
  vi: {
    title: 'Kyso — kiểm tra máy tính',
    node: 'Node.js',
    modules: 'Trình điều khiển PKCS#11',
    loaded: 'đã nạp',
    failed: 'lỗi',
    tokens: 'USB token',
    none: '(không có)',
    certificates: 'Chứng thư số',
    issuer: 'Nơi cấp',
    validity: 'Hiệu lực',
    manifests: 'Đăng ký với trình duyệt',
    ok: 'đúng',
    problems: 'Vấn đề và cách khắc phục',
    allGood: 'Không có vấn đề nào. Mọi thứ sẵn sàng.',
    config: 'Tệp cấu hình',
    states: { valid: 'còn hiệu lực', expired: 'HẾT HẠN', notYetValid: 'CHƯA CÓ HIỆU LỰC' },
  },
  en: {
    title: 'Kyso — computer check',
    node: 'Node.js',
    modules: 'PKCS#11 drivers',
    loaded: 'loaded',
    failed: 'failed',
    tokens: 'USB tokens',
    none: '(none)',
    certificates: 'Certificates',
    issuer: 'Issuer',
    validity: 'Validity',
    manifests: 'Browser registration',
    ok: 'ok',
    problems: 'Problems and what to do',
    allGood: 'No problems found. Everything is ready.',
    config: 'Config file',
    states: { valid: 'valid', expired: 'EXPIRED', notYetValid: 'NOT YET VALID' },
  },
} as const;

function problemLine(p: Problem, lang: Lang): string {
  const a = ADVICE[p.code][lang];
  const about = p.subject ? ` [${p.subject}]` : '';
  const detail = p.detail ? ` (${p.detail})` : '';
  return `  ✗ ${a.what}${about}${detail}\n    → ${a.fix}`;
}

export function renderDoctorText(r: DoctorReport, lang: Lang = 'vi'): string {
  const L = LABELS[lang];
  const lines: string[] = [
    `${L.title}`,
    '',
    `${L.node}: ${r.host.node} (${r.host.platform}/${r.host.arch}), kyso-host ${r.host.version}`,
  ];
  lines.push(`${L.config}: ${r.configPath}`, '', `${L.modules}:`);
  if (r.modules.length === 0) lines.push(`  ${L.none}`);
  for (const m of r.modules)
    lines.push(
      `  ${m.loaded ? '✓' : '✗'} ${m.path}${m.vendor ? ` — ${m.vendor}` : ''}: ${m.loaded ? L.loaded : `${L.failed}: ${m.error ?? ''}`}`,
    );
  lines.push('', `${L.tokens}:`);
  if (r.tokens.length === 0) lines.push(`  ${L.none}`);
  for (const t of r.tokens) lines.push(`  • ${t.label} — ${t.manufacturer} ${t.model}, serial ${t.serial}`);
  lines.push('', `${L.certificates}:`);
  if (r.certificates.length === 0) lines.push(`  ${L.none}`);
  for (const c of r.certificates) {
    const ids = c.identifiers.map((i) => `${i.type} ${i.value}${i.valid ? '' : ' (?)'}`).join(', ');
    lines.push(
      `  • ${c.subjectName}${ids ? ` (${ids})` : ''}${c.organization ? ` — ${c.organization}` : ''} [${c.token}]`,
      `    ${L.issuer}: ${c.issuerName}${c.issuerFamily ? ` (${c.issuerFamily})` : ''}; ${L.validity}: ${c.notBefore.slice(0, 10)} → ${c.notAfter.slice(0, 10)} (${L.states[c.validity]}); ${c.keyType}${c.keySize ? ` ${c.keySize}` : ''}`,
    );
  }
  lines.push('', `${L.manifests}:`);
  const found = r.manifests.filter((m) => m.found);
  if (found.length === 0) lines.push(`  ${L.none}`);
  for (const m of found)
    lines.push(
      `  ${m.problems.length === 0 ? '✓' : '✗'} ${m.browser} (${m.scope}): ${m.path}${m.problems.length === 0 ? ` — ${L.ok}` : ` — ${m.problems.join(', ')}`}`,
    );
  lines.push('', `${L.problems}:`);
  if (r.problems.length === 0) lines.push(`  ${L.allGood}`);
  for (const p of r.problems) lines.push(problemLine(p, lang));
  return `${lines.join('\n')}\n`;
}
