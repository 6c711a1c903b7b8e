/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The start page: every simulated system, its API, its magic values and the people it knows. */
import type { VNode } from 'preact';
import { findSubscriber } from '../data/mobileSubscribers.js';
import { carrierOf } from '../data/phoneNumbers.js';
import { REMOTE_CREDENTIALS, SIM_PKI_SUBSCRIPTIONS } from '../data/signingSubscribers.js';
import { formatVietnameseDate, SIMULATED_CITIZENS } from '../data/simulatedCitizens.js';
import { IDENTITY_DEMO_PASSWORDS, identityAccounts } from '../identityProviders/identityAccounts.js';
import {
  MAGIC_BHXH,
  MAGIC_EMAIL,
  MAGIC_ID,
  MAGIC_MSISDN,
  MAGIC_PHONE,
  MAGIC_RS_USER,
  RS_APP_PIN,
  SIM_PIN,
  SIM_PUK,
} from '../magicValues.js';
import { En, PageLayout } from './pageLayout.js';

export interface StartPageCa {
  key: string;
  name: string;
}

interface MagicRow {
  system: string;
  input: string;
  vi: string;
  en: string;
}

const MAGIC_ROWS: readonly MagicRow[] = [
  {
    system: 'CSDL dân cư, BHXH (idNumber), ký số từ xa (userId)',
    input: MAGIC_ID.noMatch,
    vi: 'không khớp / không tìm thấy',
    en: 'no match / not found',
  },
  {
    system: 'CSDL dân cư, ký số từ xa',
    input: MAGIC_ID.unavailable,
    vi: 'HTTP 503 bảo trì',
    en: 'HTTP 503 unavailable',
  },
  {
    system: 'CSDL dân cư, ký số từ xa',
    input: MAGIC_ID.timeout,
    vi: 'quá thời gian chờ rồi HTTP 504',
    en: 'held for the timeout delay, then HTTP 504',
  },
  { system: 'BHXH (bhxhCode)', input: MAGIC_BHXH.noMatch, vi: 'không khớp', en: 'no match' },
  { system: 'BHXH (bhxhCode)', input: MAGIC_BHXH.unavailable, vi: 'HTTP 503', en: 'HTTP 503' },
  {
    system: 'BHXH (bhxhCode)',
    input: MAGIC_BHXH.timeout,
    vi: 'quá thời gian chờ rồi HTTP 504',
    en: 'timeout, then HTTP 504',
  },
  {
    system: 'Nhà mạng, SMS (phone/to)',
    input: MAGIC_PHONE.noMatch,
    vi: 'không có thuê bao (404)',
    en: 'no such subscriber (404)',
  },
  { system: 'Nhà mạng, SMS', input: MAGIC_PHONE.unavailable, vi: 'HTTP 503', en: 'HTTP 503' },
  {
    system: 'Nhà mạng, SMS',
    input: MAGIC_PHONE.timeout,
    vi: 'quá thời gian chờ rồi HTTP 504',
    en: 'timeout, then HTTP 504',
  },
  { system: 'E-mail (to)', input: MAGIC_EMAIL.unavailable, vi: 'HTTP 503', en: 'HTTP 503' },
  {
    system: 'E-mail (to)',
    input: MAGIC_EMAIL.timeout,
    vi: 'quá thời gian chờ rồi HTTP 504',
    en: 'timeout, then HTTP 504',
  },
  {
    system: 'SIM ký số (msisdn)',
    input: MAGIC_MSISDN.userCancel,
    vi: 'người dùng hủy: 401 USER_CANCEL',
    en: 'user cancels: 401',
  },
  {
    system: 'SIM ký số',
    input: MAGIC_MSISDN.noAnswer,
    vi: 'không trả lời: 504 rồi 208 EXPIRED_TRANSACTION',
    en: 'never answers: 504 then 208',
  },
  {
    system: 'SIM ký số',
    input: MAGIC_MSISDN.pinBlocked,
    vi: 'PIN bị khóa: 402 PIN_NR_BLOCKED',
    en: 'PIN blocked: 402',
  },
  {
    system: 'SIM ký số',
    input: MAGIC_MSISDN.notSubscribed,
    vi: 'chưa đăng ký SIM ký số: 105 UNKNOWN_CLIENT (HTTP 404)',
    en: 'no SIM-PKI subscription: 105',
  },
  {
    system: 'SIM ký số',
    input: MAGIC_MSISDN.noCertificate,
    vi: 'SIM chưa có chứng thư số: 422 NO_CERT_FOUND',
    en: 'SIM without a certificate: 422',
  },
  { system: 'SIM ký số', input: MAGIC_MSISDN.unavailable, vi: 'HTTP 503', en: 'HTTP 503' },
  {
    system: 'SIM ký số',
    input: MAGIC_MSISDN.timeout,
    vi: 'quá thời gian chờ rồi HTTP 504',
    en: 'timeout, then HTTP 504',
  },
  {
    system: 'Ký số từ xa (userId)',
    input: MAGIC_RS_USER.rejects,
    vi: 'ứng dụng từ chối: 4002',
    en: 'app rejects: 4002',
  },
  {
    system: 'Ký số từ xa',
    input: MAGIC_RS_USER.neverConfirms,
    vi: 'không xác nhận: 4001 rồi 4003',
    en: 'never confirms: 4001 then 4003',
  },
  {
    system: 'Ký số từ xa',
    input: MAGIC_RS_USER.keyLocked,
    vi: 'khóa ký bị khóa: 4004',
    en: 'key locked: 4004',
  },
];

const SERVICES: readonly { path: string; vi: string; en: string }[] = [
  {
    path: 'POST /population/verify, GET /population/citizens/:idNumber',
    vi: 'CSDL quốc gia về dân cư',
    en: 'National population database',
  },
  { path: 'POST /carriers/subscriber', vi: 'Nhà mạng Viettel, VinaPhone, MobiFone', en: 'Mobile carriers' },
  { path: 'POST /bhxh/verify', vi: 'Bảo hiểm xã hội', en: 'Social insurance' },
  {
    path: 'POST /sms/send, POST /email/send, GET /dev/outbox/sms|email?to=',
    vi: 'Cổng SMS và e-mail',
    en: 'SMS and e-mail gateways',
  },
  {
    path: 'GET /pki/crt/<ca>.crt, GET /pki/crl/<ca>.crl, POST|GET /pki/ocsp/<ca>',
    vi: 'CA demo (chứng thư CA, CRL, OCSP)',
    en: 'Demo CA (certificates, CRLs, OCSP)',
  },
  {
    path: 'POST /mssp/signature, GET /mssp/status/:id, GET /phone/:msisdn',
    vi: 'SIM ký số (MSSP, kiểu ETSI TS 102 204)',
    en: 'SIM signature (MSSP)',
  },
  {
    path: 'POST /rs/credentials/list|info, POST /rs/signatures/signHash, GET /rs/signatures/:id, GET /rs/app/:userId',
    vi: 'Ký số từ xa (kiểu SmartCA/MySign)',
    en: 'Remote signing',
  },
  {
    path: '/vneid, /postid',
    vi: 'Dành riêng cho VNeID và PostID (không thuộc dịch vụ này)',
    en: 'Reserved for VNeID and PostID (not served here)',
  },
];

export function StartPage(props: { cas: StartPageCa[]; baseUrl: string }): VNode {
  const simByPhone = new Map(SIM_PKI_SUBSCRIPTIONS.map((s) => [s.msisdn, s]));
  return (
    <PageLayout title="Hệ thống mô phỏng bên ngoài" titleEn="Simulated external systems">
      <p>
        Các hệ thống quốc gia mà cổng dịch vụ công demo gọi tới, chạy thật trên HTTP với dữ liệu hư cấu.
        <En>The national systems the demo portal calls, real HTTP services with invented data.</En>
      </p>
      <p>
        Địa chỉ<En>Base URL</En>: <code>{props.baseUrl}</code> · Tài liệu<En>Documentation</En>:{' '}
        <code>docs/simulators.md</code>
      </p>
      <p>
        <a href="/outbox/sms">Hộp thư SMS</a>
        <En>SMS outbox</En> · <a href="/outbox/email">Hộp thư e-mail</a>
        <En>E-mail outbox</En>
      </p>

      <h2>
        Dịch vụ<En>Services</En>
      </h2>
      <table>
        <tbody>
          {SERVICES.map((s) => (
            <tr key={s.path}>
              <td>
                {s.vi}
                <En>{s.en}</En>
              </td>
              <td>
                <code>{s.path}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>
        Công dân demo<En>Demo citizens</En>
      </h2>
      <table>
        <thead>
          <tr>
            <th>
              Họ tên<En>Name</En>
            </th>
            <th>CCCD / CMND</th>
            <th>
              Ngày sinh<En>Born</En>
            </th>
            <th>
              Điện thoại<En>Phone</En>
            </th>
            <th>
              Mã BHXH<En>Social insurance</En>
            </th>
            <th>
              Ký số<En>Signing</En>
            </th>
            <th>
              Ghi chú<En>Note</En>
            </th>
          </tr>
        </thead>
        <tbody>
          {SIMULATED_CITIZENS.map((c) => {
            const sub = c.phone ? findSubscriber(c.phone) : undefined;
            const sim = c.phone ? simByPhone.get(`84${c.phone.slice(1)}`) : undefined;
            const hasRs = REMOTE_CREDENTIALS.some((r) => r.userId === c.cccd);
            return (
              <tr key={c.key}>
                <td>
                  {c.fullName}
                  {c.fromDemoPki ? <span class="en"> (token demo)</span> : null}
                </td>
                <td>
                  {c.cccd}
                  {c.cmnd ? <div class="en">CMND {c.cmnd}</div> : null}
                  {c.cardType === 'CMND' ? <div class="en">chỉ có CMND / CMND card only</div> : null}
                </td>
                <td>{formatVietnameseDate(c.birthDate)}</td>
                <td>
                  {c.phone ?? '—'}
                  {c.phone && sub ? (
                    <div class="en">
                      {carrierOf(c.phone)} · {sub.ownerIdType} {sub.ownerIdNumber} ·{' '}
                      {sub.chinhChu ? 'chính chủ' : 'không chính chủ / not the owner'}
                    </div>
                  ) : null}
                </td>
                <td>{c.bhxhCode ?? '—'}</td>
                <td>
                  {sim ? (
                    <div>
                      <a href={`/phone/${sim.msisdn}`}>SIM ký số</a>
                    </div>
                  ) : null}
                  {hasRs ? (
                    <div>
                      <a href={`/rs/app/${c.cccd}`}>Ký số từ xa</a>
                    </div>
                  ) : null}
                </td>
                <td>
                  {c.note.vi}
                  <En>{c.note.en}</En>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <p>
        SIM ký số doanh nghiệp (Công ty TNHH Phần mềm Kyso Demo): <a href="/phone/84983111222">84983111222</a>
        . PIN SIM <code>{SIM_PIN}</code>, PUK <code>{SIM_PUK}</code>, PIN ứng dụng ký số từ xa{' '}
        <code>{RS_APP_PIN}</code>.
        <En>Business SIM; SIM PIN, PUK and remote-signing app PIN (documented demo values).</En>
      </p>

      <IdentityProviderAccounts />

      <h2>
        Giá trị đặc biệt<En>Magic values</En>
      </h2>
      <table>
        <thead>
          <tr>
            <th>
              Hệ thống<En>System</En>
            </th>
            <th>
              Giá trị<En>Input</En>
            </th>
            <th>
              Kết quả<En>Behaviour</En>
            </th>
          </tr>
        </thead>
        <tbody>
          {MAGIC_ROWS.map((r) => (
            <tr key={`${r.system}-${r.input}`}>
              <td>{r.system}</td>
              <td>
                <code>{r.input}</code>
                {/^84\d{9}$/.test(r.input) ? (
                  <div>
                    <a href={`/phone/${r.input}`}>điện thoại / phone</a>
                  </div>
                ) : null}
                {Object.values(MAGIC_RS_USER).includes(r.input as never) ? (
                  <div>
                    <a href={`/rs/app/${r.input}`}>ứng dụng / app</a>
                  </div>
                ) : null}
              </td>
              <td>
                {r.vi}
                <En>{r.en}</En>
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <h2>
        CA demo<En>Demo CAs</En>
      </h2>
      <table>
        <tbody>
          {props.cas.map((ca) => (
            <tr key={ca.key}>
              <td>{ca.name}</td>
              <td>
                <a href={`/pki/crt/${ca.key}.crt`}>{`${ca.key}.crt`}</a> ·{' '}
                <a href={`/pki/crl/${ca.key}.crl`}>{`${ca.key}.crl`}</a> · OCSP{' '}
                <code>{`/pki/ocsp/${ca.key}`}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </PageLayout>
  );
}

/** VNeID and PostID: who can sign in, at which level, with which demo password, and how to use them. */
function IdentityProviderAccounts(): VNode {
  const postid = new Map(identityAccounts('postid').map((a) => [a.citizen.cccd, a.level]));
  return (
    <>
      <h2 id="dinh-danh">
        Tài khoản định danh: VNeID và PostID<En>Identity providers: VNeID and PostID</En>
      </h2>
      <p>
        Trên cổng dịch vụ công: <b>Đăng nhập → VNeID</b> (hoặc PostID), hay <b>Đăng ký → Bưu điện Việt Nam</b>
        ; tại trang đăng nhập giả lập, chọn công dân và nhập mật khẩu demo. VNeID chỉ cho đăng nhập với tài
        khoản mức 2; PostID chỉ chấp nhận tài khoản đã xác minh tại quầy bưu điện.
        <En>
          On the portal: Log in → VNeID (or PostID), or Register → Vietnam Post; on the simulated login page
          pick the citizen and type the demo password. The portal accepts VNeID level 2 only, and PostID
          accounts verified at a post-office counter only.
        </En>
      </p>
      <p>
        Mật khẩu demo<En>Demo passwords</En>: VNeID <code>{IDENTITY_DEMO_PASSWORDS.vneid}</code> · PostID{' '}
        <code>{IDENTITY_DEMO_PASSWORDS.postid}</code> · <a href="/vneid">/vneid</a> ·{' '}
        <a href="/postid">/postid</a>
      </p>
      <table>
        <thead>
          <tr>
            <th>
              Họ tên<En>Name</En>
            </th>
            <th>CCCD</th>
            <th>VNeID</th>
            <th>PostID</th>
          </tr>
        </thead>
        <tbody>
          {identityAccounts('vneid').map((a) => (
            <tr key={a.citizen.cccd} data-identity={a.citizen.cccd}>
              <td>{a.citizen.fullName}</td>
              <td>
                <code>{a.citizen.cccd}</code>
              </td>
              <td data-vneid-level={a.level}>
                Mức {a.level}
                <En>{a.level === 2 ? 'level 2' : 'level 1 (refused by the portal)'}</En>
              </td>
              <td data-postid-level={postid.get(a.citizen.cccd)}>
                {postid.get(a.citizen.cccd) === 2 ? 'Đã xác minh tại quầy' : 'Chỉ đăng ký trực tuyến'}
                <En>
                  {postid.get(a.citizen.cccd) === 2
                    ? 'verified at the counter'
                    : 'registered online only (refused by the portal)'}
                </En>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
