/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** HTML views of the SMS and e-mail outboxes (auto-refreshing). */
import type { VNode } from 'preact';
import type { OutboxMessage } from '../messageOutbox.js';
import { En, PageLayout } from './pageLayout.js';

function FilterForm(props: {
  to: string | undefined;
  label: string;
  labelEn: string;
  action: string;
}): VNode {
  return (
    <form method="get" action={props.action}>
      <label>
        {props.label}
        <En>{props.labelEn}</En>:{' '}
        <input type="text" name="to" value={props.to ?? ''} style="width:16em;letter-spacing:0" />
      </label>{' '}
      <button type="submit">Lọc / Filter</button> <a href={props.action}>Tất cả / All</a>
    </form>
  );
}

export function SmsOutboxPage(props: { messages: OutboxMessage[]; to: string | undefined }): VNode {
  return (
    <PageLayout title="Hộp thư SMS đã gửi" titleEn="SMS outbox" refreshSeconds={5}>
      <p>
        Tin nhắn mà cổng dịch vụ công đã gửi qua cổng SMS mô phỏng, mới nhất trước. Trang tự làm mới sau 5
        giây.
        <En>
          Messages the portal sent through the simulated SMS gateway, newest first. Refreshes every 5 s.
        </En>
      </p>
      <FilterForm to={props.to} label="Số điện thoại" labelEn="Phone" action="/outbox/sms" />
      {props.messages.length === 0 ? (
        <p class="notice">
          Chưa có tin nhắn nào.<En>No messages yet.</En>
        </p>
      ) : (
        <table>
          <thead>
            <tr>
              <th>
                Thời gian<En>Sent</En>
              </th>
              <th>
                Người nhận<En>To</En>
              </th>
              <th>
                Nội dung<En>Text</En>
              </th>
            </tr>
          </thead>
          <tbody>
            {props.messages.map((m) => (
              <tr key={m.id}>
                <td>{new Date(m.sentAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}</td>
                <td>{m.to}</td>
                <td>
                  <pre>{m.text}</pre>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </PageLayout>
  );
}

export function EmailOutboxPage(props: { messages: OutboxMessage[]; to: string | undefined }): VNode {
  return (
    <PageLayout title="Hộp thư e-mail đã gửi" titleEn="E-mail outbox" refreshSeconds={5}>
      <p>
        Thư mà cổng dịch vụ công đã gửi qua máy chủ thư mô phỏng, mới nhất trước.
        <En>Mail the portal sent through the simulated mail server, newest first.</En>
      </p>
      <FilterForm to={props.to} label="Địa chỉ e-mail" labelEn="Address" action="/outbox/email" />
      {props.messages.length === 0 ? (
        <p class="notice">
          Chưa có thư nào.<En>No mail yet.</En>
        </p>
      ) : (
        props.messages.map((m) => (
          <div class="card" key={m.id}>
            <div>
              <strong>{m.subject}</strong>
            </div>
            <div class="en">
              {m.to} · {new Date(m.sentAt).toLocaleString('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh' })}
            </div>
            <pre>{m.text}</pre>
          </div>
        ))
      )}
    </PageLayout>
  );
}
