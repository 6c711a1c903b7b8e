/** GET /dich-vu-cong?q= — the public-service search page (no sign-in needed). */
import type { FastifyInstance } from 'fastify';
import { type PageRenderer, sendPage } from '../web/sendPage.js';
import { publicServices } from './publicServices.js';
import { ServiceSearchPage } from './servicePages.js';
import { searchServices } from './serviceSearch.js';

export function registerServiceRoutes(
  app: FastifyInstance,
  pages: PageRenderer,
  ministryOrigin: string,
): void {
  const catalogue = publicServices(ministryOrigin);
  app.get<{ Querystring: { q?: unknown } }>('/dich-vu-cong', async (req, reply) => {
    const page = await pages.context(req, reply);
    const query = typeof req.query.q === 'string' ? req.query.q.trim().slice(0, 200) : '';
    return sendPage(reply, ServiceSearchPage({ page, query, results: searchServices(catalogue, query) }));
  });
}
