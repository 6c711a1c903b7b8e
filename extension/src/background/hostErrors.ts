/**
 * Turns what the browser and the host say about failures into the shared codes.
 * Host replies already carry a code; browser disconnect texts do not.
 */
import { KysoError } from '../../../lib/src/protocol/index.js';

export type HostFailureReason = 'not-installed' | 'forbidden' | 'exited' | 'communication' | 'unknown';

/** Classifies the browser's disconnect message (Chromium and Firefox wordings). */
export function classifyDisconnect(message: string | undefined): HostFailureReason {
  const m = (message ?? '').toLowerCase();
  if (m.includes('not found') || m.includes('no such native application')) return 'not-installed';
  if (m.includes('forbidden')) return 'forbidden';
  if (m.includes('has exited') || m.includes('exited')) return 'exited';
  if (m.includes('communicating') || m.includes('exceeds the limit')) return 'communication';
  return 'unknown';
}

/** The error every pending call receives when the port to the host closes. */
export function hostUnavailable(message: string | undefined): KysoError {
  const reason = classifyDisconnect(message);
  return new KysoError('HOST_UNAVAILABLE', message || 'the native host disconnected', { reason });
}

/** A host error reply (`{ code, message, data? }`) as a KysoError; unknown codes become INTERNAL. */
export function fromHostError(wire: unknown): KysoError {
  return KysoError.fromWire(wire);
}

/** Any thrown value as a KysoError, so the page always receives a shared code. */
export function asKysoError(e: unknown): KysoError {
  if (e instanceof KysoError) return e;
  return new KysoError('INTERNAL', e instanceof Error ? e.message : String(e));
}
