/**
 * Messages between the background and an extension prompt window
 * (consent, certificate choice, PIN). The PIN travels only on this port,
 * from the extension window to the background and on to the host.
 */
import type { ErrorCode, TokenFlags } from '../../lib/src/protocol/index.js';

export const PROMPT_PORT_PREFIX = 'kyso-prompt:';
export const POPUP_PORT_NAME = 'kyso-popup';
/**
 * Name of the background page's function a prompt window may call with `(session, answerJson)`
 * instead of posting on its port. Firefox runs the background page and the extension's windows in
 * one process: the call skips a message round trip through the browser's parent process (≈ 2 ms).
 * Chromium's service worker has no page to call; its windows use the port.
 */
export const DIRECT_ANSWER_FUNCTION = 'kysoPromptAnswer';

export type PromptPurpose = 'certificates' | 'sign' | 'signBatch' | 'authenticate';

export interface PromptCertificate {
  /** Base64 DER. */
  certificate: string;
  tokenLabel: string;
  flags: TokenFlags;
}

export type PromptView =
  | { stage: 'consent'; origin: string; purpose: PromptPurpose }
  | { stage: 'choose'; origin: string; purpose: PromptPurpose; certificates: PromptCertificate[] }
  | {
      stage: 'pin';
      origin: string;
      purpose: PromptPurpose;
      description: string | undefined;
      /** Number of documents (1 for a single signature or a login). */
      count: number;
      /** Hex SHA-256 fingerprint of what the token signs (first digest for a batch). */
      fingerprint: string;
      hashAlgorithm: string;
      certificate: PromptCertificate;
      error?: { code: ErrorCode; data?: Record<string, unknown> };
    }
  | { stage: 'working'; origin: string; purpose: PromptPurpose; done: number; total: number };

export type PromptAnswer =
  | { type: 'consent'; allow: boolean }
  | { type: 'choose'; index: number }
  | { type: 'pin'; pin?: string }
  | { type: 'cancel' };

export interface PromptPrompter {
  consent(purpose: PromptPurpose): Promise<boolean>;
  choose(certificates: PromptCertificate[]): Promise<number>;
  pin(
    view: Omit<Extract<PromptView, { stage: 'pin' }>, 'stage' | 'origin' | 'purpose'>,
  ): Promise<string | undefined>;
  progress(done: number, total: number): void;
  close(): void;
}
