/**
 * The token walkthrough of `npm start`: drives the real `kyso-host` over native-messaging frames
 * against the SoftHSM demo tokens, signs a dossier (CAdES) and a login token, and verifies both
 * with `lib` — revocation through the demo CA's OCSP responder when it is reachable.
 *
 * Run alone: `node --import tsx scripts/tokenWalkthrough.ts [--lang en] [--revocation <base-url>]`
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderTable } from '../lib/src/cli/terminalTable.js';
import { renderVerificationReport } from '../lib/src/cli/verifyCommand.js';
import { loadDemoPki } from '../lib/src/demo-pki/index.js';
import {
  type AuthTokenError,
  attributeValues,
  base64ToBytes,
  bytesToBase64,
  createAuthToken,
  type DigestSigner,
  httpRevocationFetch,
  KysoError,
  type Lang,
  parseCertificate,
  signCms,
  type TokenCertificate,
  verifyAuthToken,
  verifyCms,
} from '../lib/src/index.js';
import { HostClient } from '../native-host/src/client/hostClient.js';

const repo = fileURLToPath(new URL('..', import.meta.url));
const DEMO_ORIGIN = 'https://dichvucong.gov.vn';

const t = (lang: Lang, vi: string, en: string) => (lang === 'vi' ? vi : en);

export interface WalkthroughOptions {
  lang: Lang;
  /** Fetch OCSP/CRL from the demo CA over HTTP (the simulators must be running); else use CRLs in hand. */
  onlineRevocation: boolean;
  out: (s: string) => void;
}

function hostSigner(host: HostClient, handle: string, pin: string): DigestSigner {
  return async (digest, algorithm) => {
    const reply = await host.call('sign', {
      handle,
      hashAlgorithm: algorithm.hash,
      scheme: algorithm.scheme,
      digests: [bytesToBase64(digest)],
      pin,
    });
    if (reply.error) throw KysoError.fromWire(reply.error);
    const sigs = (reply.result as { signatures: string[] }).signatures;
    return base64ToBytes(sigs[0]!);
  };
}

export async function runTokenWalkthrough(options: WalkthroughOptions): Promise<void> {
  const { lang, out } = options;
  const pki = await loadDemoPki();
  const trustAnchors = [pki.roots.national, pki.roots.government];
  // Online: OCSP/CRL fetched from the demo CA over HTTP. Offline: fresh CRLs handed over up front.
  const revocation = options.onlineRevocation
    ? { fetch: httpRevocationFetch({ timeoutMs: 3000 }) }
    : { crls: await Promise.all(Object.keys(pki.cas).map((k) => pki.crl(k))) };
  const host = new HostClient({
    SOFTHSM2_CONF: join(repo, '.data/softhsm/softhsm2.conf'),
    KYSO_PKCS11_MODULES: '/usr/lib/softhsm/libsofthsm2.so',
  });
  try {
    const hello = (await host.result('hello')) as {
      version: string;
      modules: { path: string; loaded: boolean }[];
    };
    out(
      `\n${t(lang, '① kyso-host đã chạy', '① kyso-host is running')}: ${hello.version}, ${hello.modules
        .filter((m) => m.loaded)
        .map((m) => m.path)
        .join(', ')}\n`,
    );

    const { certificates } = (await host.result('listCertificates')) as { certificates: TokenCertificate[] };
    const now = new Date();
    const rows = certificates.map((c) => {
      const d = parseCertificate(c.certificate);
      const state =
        now > d.notAfter
          ? t(lang, 'hết hạn', 'expired')
          : now < d.notBefore
            ? t(lang, 'chưa hiệu lực', 'not yet valid')
            : t(lang, 'còn hạn', 'valid');
      return [
        c.token.label,
        attributeValues(d.subject, '2.5.4.3').join(', '),
        d.identifiers.map((i) => `${i.type}:${i.value}`).join('\n'),
        d.issuerCa?.displayName[lang] ?? d.issuerString,
        state,
      ];
    });
    out(
      `\n${t(lang, '② Chứng thư số trên các USB token demo (SoftHSM, mã PIN 12345678)', '② Certificates on the demo USB tokens (SoftHSM, PIN 12345678)')}\n`,
    );
    out(
      `${renderTable([t(lang, 'Token', 'Token'), t(lang, 'Tên', 'Name'), t(lang, 'Định danh', 'Identifiers'), 'CA', t(lang, 'Hiệu lực', 'Validity')], rows, 44)}\n`,
    );

    const byLabel = (label: string) => {
      const c = certificates.find((x) => x.token.label === label);
      if (!c)
        throw new Error(
          `demo token "${label}" not found: run node --import tsx scripts/provisionDemoTokens.ts`,
        );
      return c;
    };
    const citizen = byLabel(pki.identities.citizen.tokenLabel);
    const dossier = new TextEncoder().encode(
      `TỜ KHAI ĐỀ NGHỊ CẤP HỘ CHIẾU PHỔ THÔNG\nHọ và tên: ${pki.identities.citizen.person?.fullName ?? ''}\nNgày ký: ${now.toISOString()}\n`,
    );
    out(
      `\n${t(lang, '③ Ký hồ sơ (CAdES-B-B) bằng token của công dân — chỉ mã băm đi qua kyso-host', '③ Signing a dossier (CAdES-B-B) with the citizen token — only the digest crosses kyso-host')}\n`,
    );
    const cms = await signCms({
      content: dossier,
      detached: true,
      certificate: citizen.certificate,
      chain: pki.identities.citizen.chain,
      signer: hostSigner(host, citizen.handle, pki.identities.citizen.pin),
    });
    const verified = await verifyCms(cms, { content: dossier, trustAnchors, revocation });
    out(`${renderVerificationReport(verified, lang)}\n`);

    out(
      `\n${t(lang, `④ Đăng nhập: mã thông báo web-eid:1.0 gắn với nguồn ${DEMO_ORIGIN}`, `④ Login: a web-eid:1.0 token bound to the origin ${DEMO_ORIGIN}`)}\n`,
    );
    const nonce = randomBytes(32).toString('base64');
    const token = await createAuthToken({
      origin: DEMO_ORIGIN,
      nonce,
      certificate: citizen.certificate,
      signer: hostSigner(host, citizen.handle, pki.identities.citizen.pin),
    });
    const auth = await verifyAuthToken(token, {
      nonce,
      origin: DEMO_ORIGIN,
      trustAnchors,
      intermediates: pki.identities.citizen.chain,
      revocation,
    });
    out(
      `${t(lang, 'Hợp lệ — người dùng', 'Valid — user')}: ${auth.identifiers.map((i) => `${i.type}:${i.value}`).join(', ')} (${t(lang, 'thu hồi', 'revocation')}: ${auth.revocation})\n`,
    );
    try {
      await verifyAuthToken(token, {
        nonce,
        origin: 'https://dichvucong-gov.vn.example',
        trustAnchors,
        intermediates: pki.identities.citizen.chain,
        revocation,
      });
      out('!!! accepted at another origin\n');
    } catch (e) {
      const err = e as AuthTokenError;
      out(
        `${t(lang, 'Cùng mã đó gửi tới trang giả mạo: bị từ chối', 'The same token replayed at a look-alike site: refused')} (${err.code}) — ${err.userMessage(lang)}\n`,
      );
    }

    const revoked = byLabel(pki.identities.revoked.tokenLabel);
    out(`\n${t(lang, '⑤ Token có chứng thư đã bị thu hồi', '⑤ A token whose certificate was revoked')}\n`);
    const revokedCms = await signCms({
      content: dossier,
      detached: true,
      certificate: revoked.certificate,
      chain: pki.identities.revoked.chain,
      signer: hostSigner(host, revoked.handle, pki.identities.revoked.pin),
    });
    out(
      `${renderVerificationReport(await verifyCms(revokedCms, { content: dossier, trustAnchors, revocation }), lang)}\n`,
    );

    const wrong = await host.call('sign', {
      handle: citizen.handle,
      hashAlgorithm: 'SHA-256',
      scheme: 'RSASSA-PKCS1-v1_5',
      digests: [bytesToBase64(randomBytes(32))],
      pin: '00000000',
    });
    if (wrong.error) {
      const e = KysoError.fromWire(wrong.error);
      out(`\n${t(lang, '⑥ Sai mã PIN', '⑥ Wrong PIN')}: ${e.code} — ${e.userMessage(lang)}\n`);
    }
  } finally {
    await host.close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const lang: Lang = args.includes('en') ? 'en' : 'vi';
  await runTokenWalkthrough({
    lang,
    onlineRevocation: args.includes('--online'),
    out: (s) => process.stdout.write(s),
  });
}
