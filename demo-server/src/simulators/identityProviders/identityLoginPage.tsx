/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** The login pages of the simulated VNeID and PostID: pick a simulated citizen, type the demo password. */
import type { VNode } from 'preact';
import { En, PageLayout } from '../pages/pageLayout.js';
import type { IdentityAccount, IdentityProviderName } from './identityAccounts.js';

export const PROVIDER_TITLES: Record<IdentityProviderName, { vi: string; en: string }> = {
  vneid: { vi: 'Định danh điện tử VNeID (mô phỏng)', en: 'VNeID e-identity (simulated)' },
  postid: { vi: 'Bưu điện Việt Nam – PostID (mô phỏng)', en: 'Vietnam Post PostID (simulated)' },
};

function levelLabel(provider: IdentityProviderName, level: 1 | 2): string {
  if (provider === 'vneid') return level === 2 ? 'Mức 2 / Level 2' : 'Mức 1 / Level 1';
  return level === 2
    ? 'Đã xác thực tại quầy bưu điện / Verified at a post-office counter'
    : 'Đăng ký trực tuyến, chưa xác thực tại quầy / Online only, not verified at a counter';
}

export function IdentityLoginPage(props: {
  provider: IdentityProviderName;
  uid: string;
  accounts: readonly IdentityAccount[];
  demoPassword: string;
  clientId: string;
  selected?: string;
  error?: { vi: string; en: string };
}): VNode {
  const title = PROVIDER_TITLES[props.provider];
  return (
    <PageLayout title={title.vi} titleEn={title.en}>
      <p>
        Ứng dụng <code>{props.clientId}</code> yêu cầu đăng nhập.
        <En>
          The application <code>{props.clientId}</code> asks you to log in.
        </En>
      </p>
      {props.error ? (
        <div class="notice err" role="alert" data-error="login">
          {props.error.vi}
          <En>{props.error.en}</En>
        </div>
      ) : null}
      <form method="post" action={`/${props.provider}/interaction/${props.uid}`}>
        <table>
          <thead>
            <tr>
              <th>
                <span class="vh">Chọn / Choose</span>
              </th>
              <th>Họ và tên / Name</th>
              <th>Số định danh (CCCD) / Personal number</th>
              <th>Mức xác thực / Level</th>
            </tr>
          </thead>
          <tbody>
            {props.accounts.map((a) => (
              <tr>
                <td>
                  <input
                    type="radio"
                    name="cccd"
                    value={a.citizen.cccd}
                    id={`cd-${a.citizen.cccd}`}
                    checked={props.selected === a.citizen.cccd}
                    required
                  />
                </td>
                <td>
                  <label for={`cd-${a.citizen.cccd}`}>{a.citizen.fullName}</label>
                </td>
                <td>
                  <code>{a.citizen.cccd}</code>
                </td>
                <td data-level={a.level}>{levelLabel(props.provider, a.level)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <p>
          <label>
            Mật khẩu <En>Password</En>{' '}
            <input type="password" name="password" autocomplete="current-password" maxLength={64} />
          </label>{' '}
          <span class="en">
            (mật khẩu mô phỏng / demo password: <code>{props.demoPassword}</code>)
          </span>
        </p>
        <button type="submit" name="action" value="login" class="primary">
          Đăng nhập / Log in
        </button>
        <button type="submit" name="action" value="cancel" class="danger" formnovalidate>
          Hủy / Cancel
        </button>
      </form>
    </PageLayout>
  );
}

export function IdentityErrorPage(props: {
  provider: IdentityProviderName;
  error: string;
  description: string;
}): VNode {
  const title = PROVIDER_TITLES[props.provider];
  return (
    <PageLayout title={title.vi} titleEn={title.en}>
      <div class="notice err" role="alert" data-error={props.error}>
        Yêu cầu không hợp lệ hoặc đã hết hạn. <En>The request is invalid or has expired.</En>
        <pre>
          <code>{props.error}</code> {props.description}
        </pre>
      </div>
    </PageLayout>
  );
}

/** `GET /<provider>`: what the provider is, its discovery document, accounts, levels and demo password. */
export function IdentityProviderInfoPage(props: {
  provider: IdentityProviderName;
  issuer: string;
  accounts: readonly IdentityAccount[];
  demoPassword: string;
  clientId: string;
  redirectUris: readonly string[];
}): VNode {
  const title = PROVIDER_TITLES[props.provider];
  return (
    <PageLayout title={title.vi} titleEn={title.en}>
      <p>
        Nhà cung cấp OpenID Connect mô phỏng. <En>A simulated OpenID Connect provider.</En>
      </p>
      <ul>
        <li>
          Issuer: <code>{props.issuer}</code>
        </li>
        <li>
          <a href={`${props.issuer}/.well-known/openid-configuration`}>/.well-known/openid-configuration</a>
        </li>
        <li>
          Client: <code>{props.clientId}</code> →{' '}
          {props.redirectUris.map((u) => (
            <code>{u} </code>
          ))}
        </li>
        <li>
          Mật khẩu mô phỏng <En>demo password</En>: <code>{props.demoPassword}</code>
        </li>
        <li>
          Nút <b>Hủy</b> trả về <code>error=access_denied</code>.
          <En>
            <b>Cancel</b> returns <code>error=access_denied</code>.
          </En>
        </li>
      </ul>
      <table>
        <thead>
          <tr>
            <th>Họ và tên / Name</th>
            <th>CCCD</th>
            <th>sub</th>
            <th>acr</th>
          </tr>
        </thead>
        <tbody>
          {props.accounts.map((a) => (
            <tr>
              <td>{a.citizen.fullName}</td>
              <td>
                <code>{a.citizen.cccd}</code>
              </td>
              <td>
                <code>{a.sub}</code>
              </td>
              <td data-level={a.level}>{levelLabel(props.provider, a.level)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </PageLayout>
  );
}
