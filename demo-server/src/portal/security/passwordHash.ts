/**
 * argon2id password hashing with a pepper from the environment (passed as argon2's secret input), at most
 * one computation per core at once (argon2Slots.ts).
 */
import { randomBytes } from 'node:crypto';
import { type Algorithm, hash, verify } from '@node-rs/argon2';
import { argon2Slots, SlotsBusyError } from './argon2Slots.js';

/** `Algorithm.Argon2id` (an ambient const enum, so not importable as a value). */
const ARGON2ID = 2 as Algorithm;

/** OWASP's argon2id setting (19 MiB, 2 passes, 1 lane). */
const PARAMS = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

/** Rejects with `SlotsBusyError` when no turn comes (queue full, waited too long, `signal` aborted). */
export async function hashPassword(password: string, pepper: string, signal?: AbortSignal): Promise<string> {
  return argon2Slots().run(() => hash(password, { ...PARAMS, secret: Buffer.from(pepper) }), signal);
}

/**
 * True when `password` matches; false for a wrong password or an unreadable hash. Rejects with
 * `SlotsBusyError` when no turn comes (never a false "wrong password" then).
 */
export async function verifyPassword(
  encoded: string,
  password: string,
  pepper: string,
  signal?: AbortSignal,
): Promise<boolean> {
  try {
    return await argon2Slots().run(() => verify(encoded, password, { secret: Buffer.from(pepper) }), signal);
  } catch (e) {
    if (e instanceof SlotsBusyError) throw e;
    return false;
  }
}

/** A hash of a random password, verified against when an account does not exist (same cost either way). */
const dummyHashes = new Map<string, Promise<string>>();
export function dummyPasswordHash(pepper: string): Promise<string> {
  let h = dummyHashes.get(pepper);
  if (!h) {
    h = hashPassword(randomBytes(16).toString('hex'), pepper);
    dummyHashes.set(pepper, h);
  }
  return h;
}
