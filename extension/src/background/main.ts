/** Background entry: wires the browser APIs to the Kyso background modules. */
import browser, { type Runtime } from 'webextension-polyfill';
import { DIRECT_ANSWER_FUNCTION, POPUP_PORT_NAME } from '../promptMessages.js';
import { ConsentStore } from './consentStore.js';
import { HOST_NAME, NativeHost, type NativePortLike } from './nativePort.js';
import { PAGE_PORT_NAME, servePagePort } from './pageChannel.js';
import { PageOperations } from './pageOperations.js';
import { type PopupRequest, PopupService } from './popupService.js';
import { PromptWindows } from './promptWindows.js';
import { TabLock } from './tabLock.js';

const extensionVersion = browser.runtime.getManifest().version;

const host = new NativeHost({
  connect: () => browser.runtime.connectNative(HOST_NAME) as unknown as NativePortLike,
  disconnectMessage: (port) =>
    (port as unknown as { error?: { message?: string } }).error?.message ??
    (globalThis as { chrome?: { runtime?: { lastError?: { message?: string } } } }).chrome?.runtime?.lastError
      ?.message,
});
const consent = new ConsentStore(browser.storage.local);
consent.preload();
const prompts = new PromptWindows();
const operations = new PageOperations({
  host,
  consent,
  lock: new TabLock(),
  openPrompt: (origin, purpose) => prompts.open(origin, purpose),
  extensionVersion,
});
// A background page (Firefox) can be called by the extension's own windows; a service worker cannot.
if (typeof window !== 'undefined')
  (globalThis as Record<string, unknown>)[DIRECT_ANSWER_FUNCTION] = (session: unknown, json: unknown) =>
    prompts.answerDirect(session, json);
const popup = new PopupService(host, consent, browser.storage.local, extensionVersion);

browser.runtime.onConnect.addListener((port: Runtime.Port) => {
  if (port.name === PAGE_PORT_NAME) {
    servePagePort(port, operations, browser.runtime.id);
    return;
  }
  if (prompts.attach(port)) return;
  if (port.name === POPUP_PORT_NAME && port.sender?.url?.startsWith(browser.runtime.getURL(''))) {
    port.onMessage.addListener((req: unknown) => {
      void popup.handle(req as PopupRequest).then((r) => port.postMessage(r));
    });
    return;
  }
  port.disconnect();
});
