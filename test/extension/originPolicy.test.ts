import { describe, expect, it } from 'vitest';
import {
  isServedOrigin,
  originFromSender,
  requireServedOrigin,
} from '../../extension/src/background/originPolicy.js';
import { KysoError } from '../../lib/src/protocol/index.js';

describe('originFromSender', () => {
  it('prefers the browser-reported origin of the frame', () => {
    expect(originFromSender({ origin: 'https://dichvucong.gov.vn', url: 'https://evil.example/x' })).toBe(
      'https://dichvucong.gov.vn',
    );
  });

  it('falls back to the frame URL and drops path, query and fragment', () => {
    expect(originFromSender({ url: 'https://a.gov.vn:8443/path?q=1#f' })).toBe('https://a.gov.vn:8443');
  });

  it('treats a cross-origin iframe as its own origin, not the tab origin', () => {
    // The port sender describes the frame that runs the content script.
    expect(originFromSender({ url: 'https://iframe.example/embed', tab: { id: 3 }, frameId: 7 })).toBe(
      'https://iframe.example',
    );
  });

  it('refuses a missing or opaque origin with INSECURE_ORIGIN', () => {
    expect(() => originFromSender({})).toThrow(KysoError);
    expect(() => originFromSender({ origin: 'null', url: 'data:text/html,hi' })).toThrowError(/opaque/);
    try {
      originFromSender({});
    } catch (e) {
      expect((e as KysoError).code).toBe('INSECURE_ORIGIN');
    }
  });
});

describe('isServedOrigin', () => {
  it.each([
    ['https://dichvucong.gov.vn', true],
    ['https://localhost:8443', true],
    ['http://localhost', true],
    ['http://localhost:5173', true],
    ['http://127.0.0.1:8080', true],
    ['http://portal.localhost:3000', true],
    ['http://example.com', false],
    ['http://localhost.example.com', false],
    ['http://127.0.0.2', false],
    ['http://192.168.1.10:8080', false],
    ['file:///etc/passwd', false],
    ['chrome-extension://abcdef', false],
    ['https://dichvucong.gov.vn/path', false],
    ['not a url', false],
  ])('%s → %s', (origin, served) => {
    expect(isServedOrigin(origin)).toBe(served);
  });

  it('requireServedOrigin throws INSECURE_ORIGIN for plain http', () => {
    expect(() => requireServedOrigin('http://example.com')).toThrowError(
      expect.objectContaining({ code: 'INSECURE_ORIGIN' }),
    );
    expect(() => requireServedOrigin('https://example.com')).not.toThrow();
  });
});
