/** `kyso-host doctor` as text for people: Vietnamese by default, English with --lang en. */
import { doctorAdvice, type Lang } from '@kyso/lib/protocol';
import type { DoctorReport, Problem } from './doctorReport.js';

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
  const a = doctorAdvice(p.code, lang);
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
