import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      {
        find: /^@kyso\/lib\/(.*)$/,
        replacement: fileURLToPath(new URL('./lib/src/$1/index.ts', import.meta.url)),
      },
      { find: /^@kyso\/lib$/, replacement: fileURLToPath(new URL('./lib/src/index.ts', import.meta.url)) },
    ],
  },
  test: {
    // Native addons (pkcs11js) need real process environments: forks, not threads.
    pool: 'forks',
    include: [
      'lib/test/**/*.test.ts',
      'native-host/test/**/*.test.ts',
      'demo-server/test/**/*.test.ts',
      'test/**/*.test.ts',
    ],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
