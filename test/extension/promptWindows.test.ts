/**
 * The prompt session state machine in the background: a question waits for the answer of its type
 * from the operation's own window (by its port, or in Firefox by a direct call), a cancel or a
 * closed window ends it, and ports from anything but the prompt page are refused.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';

const EXTENSION = 'chrome-extension://kyso/';
const fake = vi.hoisted(() => ({
  created: [] as { url: string; id: number }[],
  nextId: 1,
  removed: [] as number[],
  onRemoved: [] as ((id: number) => void)[],
}));

vi.mock('webextension-polyfill', () => ({
  default: {
    runtime: { getURL: (path: string) => `chrome-extension://kyso/${path}` },
    windows: {
      create: async (o: { url: string }) => {
        const id = fake.nextId++;
        fake.created.push({ ...o, id });
        return { id };
      },
      remove: async (id: number) => {
        fake.removed.push(id);
      },
      onRemoved: { addListener: (cb: (id: number) => void) => fake.onRemoved.push(cb) },
    },
  },
}));

const { PromptWindows, PROMPT_PAGE } = await import('../../extension/src/background/promptWindows.js');
const { PROMPT_PORT_PREFIX } = await import('../../extension/src/promptMessages.js');

/** A runtime port as the prompt window opens it. */
function windowPort(session: string, url = `${EXTENSION}${PROMPT_PAGE}#${session}`) {
  const messageListeners: ((m: unknown) => void)[] = [];
  const disconnectListeners: (() => void)[] = [];
  const port = {
    name: `${PROMPT_PORT_PREFIX}${session}`,
    sender: { url },
    shown: [] as unknown[],
    disconnected: false,
    postMessage: (m: unknown) => port.shown.push(m),
    disconnect: () => {
      port.disconnected = true;
    },
    onMessage: { addListener: (cb: (m: unknown) => void) => messageListeners.push(cb) },
    onDisconnect: { addListener: (cb: () => void) => disconnectListeners.push(cb) },
    /** The window sends an answer. */
    answer: (m: unknown) => {
      for (const l of messageListeners) l(m);
    },
    /** The window goes away. */
    close: () => {
      for (const l of disconnectListeners) l();
    },
  };
  return port;
}

const sessionOfLastWindow = () => new URL(fake.created.at(-1)!.url).hash.slice(1);
const tick = () => new Promise((r) => setTimeout(r, 0));
const CERT = { certificate: 'AA==', tokenLabel: 'Demo', flags: {} as never };
const PIN_VIEW = {
  description: 'x',
  count: 1,
  fingerprint: 'ab',
  hashAlgorithm: 'SHA-256',
  certificate: CERT,
};

beforeEach(() => {
  fake.created.length = 0;
  fake.removed.length = 0;
  fake.onRemoved.length = 0;
});

describe('PromptWindows', () => {
  it('opens the window on the first question, shows it the view, and takes the answer of that type', async () => {
    const prompts = new PromptWindows();
    const prompt = prompts.open('https://dichvucong.gov.vn', 'sign');
    const pin = prompt.pin(PIN_VIEW);
    await tick();
    expect(fake.created).toHaveLength(1);
    const port = windowPort(sessionOfLastWindow());
    expect(prompts.attach(port as never)).toBe(true);
    expect(port.shown).toEqual([
      expect.objectContaining({ stage: 'pin', origin: 'https://dichvucong.gov.vn' }),
    ]);
    // An answer of another type is not this question's answer: ignored, the question still waits.
    port.answer({ type: 'consent', allow: true });
    port.answer(null);
    port.answer({ type: 'pin', pin: '123456' });
    expect(await pin).toBe('123456');
  });

  it('a direct answer (Firefox) is taken only by a session whose window has attached', async () => {
    const prompts = new PromptWindows();
    const prompt = prompts.open('https://a.gov.vn', 'sign');
    const pin = prompt.pin(PIN_VIEW);
    await tick();
    const session = sessionOfLastWindow();
    expect(prompts.answerDirect(session, JSON.stringify({ type: 'pin', pin: '111111' }))).toBe(false);
    prompts.attach(windowPort(session) as never);
    expect(prompts.answerDirect('another-session', JSON.stringify({ type: 'pin', pin: '2' }))).toBe(false);
    expect(prompts.answerDirect(session, '{not json')).toBe(false);
    expect(prompts.answerDirect(session, { type: 'pin' })).toBe(false);
    expect(prompts.answerDirect(session, JSON.stringify({ type: 'pin', pin: '654321' }))).toBe(true);
    expect(await pin).toBe('654321');
  });

  it('cancel, a closed window or a window disconnecting ends the question with USER_CANCELLED', async () => {
    const prompts = new PromptWindows();
    const a = prompts.open('https://a.gov.vn', 'sign');
    const pinA = a.pin(PIN_VIEW);
    await tick();
    const portA = windowPort(sessionOfLastWindow());
    prompts.attach(portA as never);
    portA.answer({ type: 'cancel' });
    await expect(pinA).rejects.toMatchObject({ code: 'USER_CANCELLED' });

    const b = prompts.open('https://a.gov.vn', 'certificates');
    const consent = b.consent('certificates');
    await tick();
    for (const l of fake.onRemoved) l(fake.created.at(-1)!.id);
    await expect(consent).rejects.toMatchObject({ code: 'USER_CANCELLED' });

    const c = prompts.open('https://a.gov.vn', 'authenticate');
    const choose = c.choose([CERT]);
    await tick();
    const portC = windowPort(sessionOfLastWindow());
    prompts.attach(portC as never);
    portC.close();
    await expect(choose).rejects.toMatchObject({ code: 'USER_CANCELLED' });
    await expect(c.pin(PIN_VIEW)).rejects.toMatchObject({ code: 'USER_CANCELLED' });
  });

  it('no answer in time: TIMEOUT, and the window is closed', async () => {
    const prompts = new PromptWindows(30);
    const prompt = prompts.open('https://a.gov.vn', 'sign');
    await expect(prompt.pin(PIN_VIEW)).rejects.toMatchObject({ code: 'TIMEOUT' });
    await new Promise((r) => setTimeout(r, 250));
    expect(fake.removed).toContain(fake.created.at(-1)!.id);
  });

  it('refuses a port that is not from the prompt page, and a second port for one session', async () => {
    const prompts = new PromptWindows();
    const prompt = prompts.open('https://a.gov.vn', 'sign');
    const pin = prompt.pin(PIN_VIEW);
    await tick();
    const session = sessionOfLastWindow();
    const foreign = windowPort(session, 'https://evil.example/prompt.html');
    expect(prompts.attach(foreign as never)).toBe(true);
    expect(foreign.disconnected).toBe(true);
    const first = windowPort(session);
    prompts.attach(first as never);
    const second = windowPort(session);
    prompts.attach(second as never);
    expect(second.disconnected).toBe(true);
    expect(prompts.attach({ ...windowPort(session), name: 'kyso-page' } as never)).toBe(false);
    first.answer({ type: 'pin', pin: '123456' });
    expect(await pin).toBe('123456');
  });
});
