/** Registration: JSON API under /api/registration/flows and pages under /dang-ky, both over one engine. */
import type { FastifyInstance } from 'fastify';
import { RegistrationEngine } from '../flows/registrationEngine.js';
import { isSubject, methodFromSlug, subjectFromSlug } from '../flows/registrationMethods.js';
import type { PortalContext } from '../portalContext.js';
import { FLOW_ERROR_STATUS, registrationFlowJson } from './flowJson.js';
import { ChooseMethodPage, FlowErrorPage, RegistrationFlowPage } from './registrationPages.js';
import { apiError, bodyFields, ensureSession, stepSubmission } from './requestContext.js';
import { type PageRenderer, sendPage } from './sendPage.js';

export function registerRegistrationRoutes(
  app: FastifyInstance,
  ctx: PortalContext,
  pages: PageRenderer,
): void {
  const engine = new RegistrationEngine(ctx);

  // --- JSON API ---------------------------------------------------------------------------------------
  app.post('/api/registration/flows', async (req, reply) => {
    const session = await ensureSession(ctx, req, reply);
    const b = bodyFields(req.body);
    const subject = isSubject(b.subject) ? b.subject : undefined;
    if (!subject || typeof b.method !== 'string')
      return reply.code(400).send(apiError('METHOD_NOT_AVAILABLE', req.lang));
    const r = await engine.create(session.idHash, subject, b.method);
    if (!r.ok) return reply.code(FLOW_ERROR_STATUS[r.code]).send(apiError(r.code, req.lang));
    return reply.code(201).send(registrationFlowJson(r.flow, req.lang));
  });

  app.get<{ Params: { id: string } }>('/api/registration/flows/:id', async (req, reply) => {
    const session = await ensureSession(ctx, req, reply);
    const r = await engine.get(req.params.id, session.idHash);
    if (!r.ok) return reply.code(FLOW_ERROR_STATUS[r.code]).send(apiError(r.code, req.lang));
    return registrationFlowJson(r.flow, req.lang);
  });

  app.post<{ Params: { id: string } }>('/api/registration/flows/:id', async (req, reply) => {
    const r = await engine.submit(req.params.id, ...(await stepSubmission(ctx, req, reply)));
    if (!r.ok) return reply.code(FLOW_ERROR_STATUS[r.code]).send(apiError(r.code, req.lang));
    return reply.code(r.progressed ? 200 : 400).send(registrationFlowJson(r.flow, req.lang));
  });

  // --- Pages ------------------------------------------------------------------------------------------
  app.get('/dang-ky', async (req, reply) => {
    const page = await pages.context(req, reply);
    return sendPage(
      reply,
      ChooseMethodPage({
        page,
        legacy: ctx.config.legacyRegistration,
        certificateMethodsAvailable: ctx.trust !== undefined,
        governmentCertificatesAvailable: (ctx.trust?.governmentAnchors?.length ?? 0) > 0,
      }),
    );
  });

  app.get<{ Params: { subject: string; method: string } }>(
    '/dang-ky/:subject/:method',
    async (req, reply) => {
      const session = await ensureSession(ctx, req, reply);
      const subject = subjectFromSlug(req.params.subject);
      const method = methodFromSlug(req.params.method);
      const r = subject && method ? await engine.create(session.idHash, subject, method) : undefined;
      if (!r?.ok) {
        const page = await pages.context(req, reply);
        const code = r && !r.ok ? r.code : 'METHOD_NOT_AVAILABLE';
        return sendPage(
          reply.code(FLOW_ERROR_STATUS[code]),
          FlowErrorPage({ page, code, restartHref: '/dang-ky' }),
        );
      }
      return reply.redirect(`/dang-ky/luong/${r.flow.id}`, 303);
    },
  );

  app.get<{ Params: { id: string } }>('/dang-ky/luong/:id', async (req, reply) => {
    const page = await pages.context(req, reply);
    const r = await engine.get(req.params.id, req.portalSession?.idHash ?? '');
    if (!r.ok)
      return sendPage(
        reply.code(FLOW_ERROR_STATUS[r.code]),
        FlowErrorPage({ page, code: r.code, restartHref: '/dang-ky' }),
      );
    return sendPage(
      reply,
      RegistrationFlowPage({ page, flow: r.flow, simulatorsUrl: ctx.config.simulatorsUrl }),
    );
  });

  app.post<{ Params: { id: string } }>('/dang-ky/luong/:id', async (req, reply) => {
    const r = await engine.submit(req.params.id, ...(await stepSubmission(ctx, req, reply)));
    if (!r.ok) {
      const page = await pages.context(req, reply);
      return sendPage(
        reply.code(FLOW_ERROR_STATUS[r.code]),
        FlowErrorPage({ page, code: r.code, restartHref: '/dang-ky' }),
      );
    }
    // Post/redirect/get: the flow keeps its messages for the next GET.
    return reply.redirect(`/dang-ky/luong/${r.flow.id}`, 303);
  });
}
