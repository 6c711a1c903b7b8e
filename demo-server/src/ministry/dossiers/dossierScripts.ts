/** Browser script of the dossier pages (bundled on first request by `../../web/clientBundles.ts`). */
import { fileURLToPath } from 'node:url';
import { createClientBundles } from '../../web/clientBundles.js';

/** Source of each served script (the same relative path from src/ and from dist/). */
export const dossierScripts = createClientBundles({
  'ky-so.js': fileURLToPath(
    new URL('../../../src/ministry/dossiers/client/dossierSigning.ts', import.meta.url),
  ),
});
