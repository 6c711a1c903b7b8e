/**
 * Stable, opaque certificate handles: the module path, the token serial and
 * the CKA_ID of the certificate/key pair. The same token gives the same
 * handle in every host process.
 */
export interface HandleParts {
  module: string;
  serial: string;
  /** CKA_ID bytes. */
  id: Buffer;
}

const PREFIX = 'k1';

export function encodeHandle(parts: HandleParts): string {
  const b64 = (s: string): string => Buffer.from(s, 'utf8').toString('base64url');
  return `${PREFIX}.${b64(parts.module)}.${b64(parts.serial)}.${parts.id.toString('base64url')}`;
}

/** The parts of a handle, or undefined when the string is not one of ours. */
export function decodeHandle(handle: string): HandleParts | undefined {
  const fields = handle.split('.');
  if (fields.length !== 4 || fields[0] !== PREFIX) return undefined;
  const [, module, serial, id] = fields as [string, string, string, string];
  const b64url = /^[A-Za-z0-9_-]*$/;
  if (!/^[A-Za-z0-9_-]+$/.test(module) || !b64url.test(serial) || !b64url.test(id)) return undefined;
  return {
    module: Buffer.from(module, 'base64url').toString('utf8'),
    serial: Buffer.from(serial, 'base64url').toString('utf8'),
    id: Buffer.from(id, 'base64url'),
  };
}
