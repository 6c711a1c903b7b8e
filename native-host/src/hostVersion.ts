/** The host's version, reported by `hello` and `doctor`. Kept in step with package.json by a test. */
export const HOST_VERSION = '0.1.0';
