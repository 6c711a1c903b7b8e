/** Browser scripts of the ministry portal (bundled on first request by `../../web/clientBundles.ts`). */
import { fileURLToPath } from 'node:url';
import { createClientBundles } from '../../web/clientBundles.js';

/** Source of each served script (same path from src/ and from dist/: both sit two levels under demo-server/). */
export const ministryScripts = createClientBundles({
  'kyso-bca-usb.js': fileURLToPath(new URL('../../../src/web/client/usbLoginToken.ts', import.meta.url)),
  'page-watch.js': fileURLToPath(new URL('../../../src/web/client/pageWatch.ts', import.meta.url)),
});
