/**
 * Where each browser looks for native messaging host manifests, per OS.
 * Data only. Linux and macOS use folders; Windows uses registry keys whose
 * default value is the manifest path.
 */
export const BROWSERS = ['chrome', 'chromium', 'edge', 'brave', 'vivaldi', 'firefox'] as const;
export type BrowserId = (typeof BROWSERS)[number];
export type OsId = 'linux' | 'darwin' | 'win32';

export function isChromiumFamily(browser: BrowserId): boolean {
  return browser !== 'firefox';
}

/** Folders relative to the user's config folder (`$XDG_CONFIG_HOME` or `~/.config`), Firefox relative to home. */
export const LINUX_USER_FOLDERS: Readonly<Record<BrowserId, { base: 'config' | 'home'; path: string }>> = {
  chrome: { base: 'config', path: 'google-chrome/NativeMessagingHosts' },
  chromium: { base: 'config', path: 'chromium/NativeMessagingHosts' },
  edge: { base: 'config', path: 'microsoft-edge/NativeMessagingHosts' },
  brave: { base: 'config', path: 'BraveSoftware/Brave-Browser/NativeMessagingHosts' },
  vivaldi: { base: 'config', path: 'vivaldi/NativeMessagingHosts' },
  firefox: { base: 'home', path: '.mozilla/native-messaging-hosts' },
};

/** Brave and Vivaldi read the Chrome / Chromium system folders. */
export const LINUX_SYSTEM_FOLDERS: Readonly<Record<BrowserId, string>> = {
  chrome: '/etc/opt/chrome/native-messaging-hosts',
  chromium: '/etc/chromium/native-messaging-hosts',
  edge: '/etc/opt/edge/native-messaging-hosts',
  brave: '/etc/opt/chrome/native-messaging-hosts',
  vivaldi: '/etc/chromium/native-messaging-hosts',
  firefox: '/usr/lib/mozilla/native-messaging-hosts',
};

/** Relative to `~/Library/Application Support`. */
export const MAC_USER_FOLDERS: Readonly<Record<BrowserId, string>> = {
  chrome: 'Google/Chrome/NativeMessagingHosts',
  chromium: 'Chromium/NativeMessagingHosts',
  edge: 'Microsoft Edge/NativeMessagingHosts',
  brave: 'BraveSoftware/Brave-Browser/NativeMessagingHosts',
  vivaldi: 'Vivaldi/NativeMessagingHosts',
  firefox: 'Mozilla/NativeMessagingHosts',
};

export const MAC_SYSTEM_FOLDERS: Readonly<Record<BrowserId, string>> = {
  chrome: '/Library/Google/Chrome/NativeMessagingHosts',
  chromium: '/Library/Application Support/Chromium/NativeMessagingHosts',
  edge: '/Library/Microsoft/Edge/NativeMessagingHosts',
  brave: '/Library/Google/Chrome/NativeMessagingHosts',
  vivaldi: '/Library/Google/Chrome/NativeMessagingHosts',
  firefox: '/Library/Application Support/Mozilla/NativeMessagingHosts',
};

/** Registry keys under HKCU (user) or HKLM (--system); Vivaldi reads Chrome's key. */
export const WINDOWS_REGISTRY_KEYS: Readonly<Record<BrowserId, string>> = {
  chrome: 'Software\\Google\\Chrome\\NativeMessagingHosts',
  chromium: 'Software\\Chromium\\NativeMessagingHosts',
  edge: 'Software\\Microsoft\\Edge\\NativeMessagingHosts',
  brave: 'Software\\BraveSoftware\\Brave-Browser\\NativeMessagingHosts',
  vivaldi: 'Software\\Google\\Chrome\\NativeMessagingHosts',
  firefox: 'Software\\Mozilla\\NativeMessagingHosts',
};
