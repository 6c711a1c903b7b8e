/** @jsxRuntime automatic */
/** @jsxImportSource preact */
/** HTML views of the SMS and e-mail outboxes (new messages shown by the page-watch script). */
import type { VNode } from 'preact';
import type { OutboxMessage } from '../messageOutbox.js';
import { En, PageLayout, type PageWatch } from './pageLayout.js';

/** The outbox page changes when a message arrives (the newest first, so its id and the count say it). */
function outboxWatch(messages: readonly OutboxMessage[]): PageWatch {
  return { seconds: 5, key: `${messages.length}:${messages[0]?.id ?? ''}` };
}

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
    <PageLayout title="Hộp thư SMS đã gửi" titleEn="SMS outbox" watch={outboxWatch(props.messages)}>
      <p>
        Tin nhắn mà cổng dịch vụ công đã gửi qua cổng SMS mô phỏng, mới nhất trước. Tin mới tự hiện ra (trang
        kiểm tra mỗi 5 giây); không có JavaScript thì tải lại trang.
        <En>
          Messages the portal sent through the simulated SMS gateway, newest first. New messages appear by
          themselves (checked every 5 s); without JavaScript, reload the page.
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
    <PageLayout title="Hộp thư e-mail đã gửi" titleEn="E-mail outbox" watch={outboxWatch(props.messages)}>
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
