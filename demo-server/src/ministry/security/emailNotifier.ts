/** E-mail to account holders through the simulators' gateway (`POST /email/send`); failures are values. */
export interface EmailNotifier {
  /** True when the gateway accepted the message. */
  send(to: string, subject: string, text: string): Promise<boolean>;
}

export function simulatorsEmail(
  baseUrl: string,
  timeoutMs: number,
  doFetch: typeof fetch = fetch,
): EmailNotifier {
  return {
    async send(to, subject, text) {
      try {
        const res = await doFetch(`${baseUrl}/email/send`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', accept: 'application/json' },
          body: JSON.stringify({ to, subject: subject.slice(0, 200), text: text.slice(0, 5000) }),
          signal: AbortSignal.timeout(timeoutMs),
        });
        await res.arrayBuffer();
        return res.ok;
      } catch {
        return false;
      }
    },
  };
}
