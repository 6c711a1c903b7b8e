/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/**
 * The simulated phone (SIM ký số, SIM Toolkit "Ký giao dịch") and the simulated remote-signing
 * app (SmartCA/MySign style): pending requests with the text to display, a PIN box, approve or
 * reject. Forms post back and are answered with a redirect to the same page (PRG).
 */
import type { VNode } from 'preact';
import { RS_APP_PIN, SIM_PIN } from '../magicValues.js';
import { En, PageLayout, type PageWatch } from './pageLayout.js';

export interface PendingRequest {
  id: string;
  /** The text the service provider asked to display. */
  display: string;
  /** e.g. "SHA-256, 1 chuỗi băm". */
  detail: string;
  /** Seconds left before expiry. */
  secondsLeft: number;
}

export interface Flash {
  kind: 'ok' | 'err' | 'info';
  vi: string;
  en: string;
}

function FlashNotice(props: { flash: Flash | undefined }): VNode | null {
  if (!props.flash) return null;
  const cls = props.flash.kind === 'info' ? 'notice' : `notice ${props.flash.kind}`;
  return (
    <p class={cls} role="status">
      {props.flash.vi}
      <En>{props.flash.en}</En>
    </p>
  );
}

function RequestCard(props: {
  request: PendingRequest;
  action: string;
  pinLabel: string;
  pinLabelEn: string;
  pinHint: string;
}) {
  const r = props.request;
  return (
    <div class="card" data-transaction={r.id}>
      <div class="display" data-announce>
        {r.display}
      </div>
      <div class="en">
        {r.detail} · còn {r.secondsLeft} giây / {r.secondsLeft} s left
      </div>
      <form method="post" action={`${props.action}/approve`}>
        <input type="hidden" name="transactionId" value={r.id} />
        <label>
          {props.pinLabel}
          <En>{props.pinLabelEn}</En>
          <span class="en"> (demo: {props.pinHint})</span>
          <br />
          <input
            type="password"
            name="pin"
            inputMode="numeric"
            autoComplete="off"
            maxLength={16}
            required
            aria-label={props.pinLabel}
          />
        </label>
        <br />
        <button type="submit" class="primary">
          Xác nhận / Approve
        </button>
      </form>
      <form method="post" action={`${props.action}/reject`}>
        <input type="hidden" name="transactionId" value={r.id} />
        <button type="submit" class="danger">
          Hủy / Reject
        </button>
      </form>
    </div>
  );
}

/**
 * Pages watch for new requests only while none is shown, so an update never wipes a PIN being typed;
 * after an answer the redirect brings the page back to watching. The page changes only when a request
 * arrives (page-watch script), never on a timer.
 */
function idleWatch(requests: readonly PendingRequest[]): PageWatch | undefined {
  return requests.length === 0 ? { seconds: 3, key: 'idle' } : undefined;
}

export type PhoneCondition = 'ready' | 'unreachable' | 'notSubscribed' | 'pinBlocked';

export function PhonePage(props: {
  msisdn: string;
  condition: PhoneCondition;
  requests: PendingRequest[];
  flash: Flash | undefined;
}): VNode {
  const action = `/phone/${props.msisdn}`;
  return (
    <PageLayout
      title={`Điện thoại ${props.msisdn}`}
      titleEn="Simulated phone (SIM ký số)"
      watch={idleWatch(props.requests)}
    >
      <div class="phone">
        <div class="screen">
          <strong>SIM ký số – Ký giao dịch</strong>
          <En>SIM signature – sign transactions</En>
          <FlashNotice flash={props.flash} />
          {props.condition === 'unreachable' ? (
            <p class="notice err">
              Thuê bao tạm thời không liên lạc được (máy tắt): yêu cầu sẽ hết hạn.
              <En>The phone is switched off: requests will expire.</En>
            </p>
          ) : null}
          {props.condition === 'notSubscribed' ? (
            <p class="notice err">
              Số này chưa đăng ký dịch vụ SIM ký số.
              <En>This number has no SIM-PKI subscription.</En>
            </p>
          ) : null}
          {props.condition === 'pinBlocked' ? (
            <div class="notice err">
              Mã PIN của SIM đã bị khóa. Nhập mã PUK để mở khóa.
              <En>The SIM PIN is blocked. Enter the PUK to unblock it.</En>
              <form method="post" action={`${action}/unblock`}>
                <input
                  type="password"
                  name="puk"
                  inputMode="numeric"
                  autoComplete="off"
                  maxLength={16}
                  required
                />{' '}
                <button type="submit">Mở khóa / Unblock</button>
              </form>
            </div>
          ) : null}
          {props.condition === 'ready' && props.requests.length === 0 ? (
            <p>
              Không có giao dịch nào đang chờ ký.<En>No transaction waiting.</En>
            </p>
          ) : null}
          {props.condition === 'ready'
            ? props.requests.map((r) => (
                <RequestCard
                  key={r.id}
                  request={r}
                  action={action}
                  pinLabel="Nhập mã PIN"
                  pinLabelEn="SIM PIN"
                  pinHint={SIM_PIN}
                />
              ))
            : null}
        </div>
      </div>
    </PageLayout>
  );
}

export function RemoteSigningAppPage(props: {
  userId: string;
  fullName: string | undefined;
  hasCredential: boolean;
  requests: PendingRequest[];
  flash: Flash | undefined;
}): VNode {
  const action = `/rs/app/${props.userId}`;
  return (
    <PageLayout title="Ứng dụng ký số từ xa" titleEn="Remote-signing app" watch={idleWatch(props.requests)}>
      <div class="phone">
        <div class="screen">
          <strong>{props.fullName ?? props.userId}</strong>
          <div class="en">CCCD {props.userId}</div>
          <FlashNotice flash={props.flash} />
          {!props.hasCredential ? (
            <p class="notice err">
              Tài khoản này chưa có chứng thư ký số từ xa.<En>This user has no remote-signing credential.</En>
            </p>
          ) : props.requests.length === 0 ? (
            <p>
              Không có yêu cầu ký nào đang chờ xác nhận.<En>No signing request waiting.</En>
            </p>
          ) : (
            props.requests.map((r) => (
              <RequestCard
                key={r.id}
                request={r}
                action={action}
                pinLabel="Mã PIN ứng dụng"
                pinLabelEn="App PIN"
                pinHint={RS_APP_PIN}
              />
            ))
          )}
        </div>
      </div>
    </PageLayout>
  );
}
