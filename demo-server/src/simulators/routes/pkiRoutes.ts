/**
 * The demo CAs over HTTP, at the URLs their certificates carry (AIA caIssuers/OCSP, CDP):
 *   GET  /pki/crt/<ca>.crt           CA certificate, DER (application/pkix-cert)
 *   GET  /pki/crl/<ca>.crl           a freshly signed CRL (application/pkix-crl)
 *   POST /pki/ocsp/<ca>              application/ocsp-request → application/ocsp-response
 *   GET  /pki/ocsp/<ca>/<base64 req> the same, RFC 6960 appendix A.1 GET form
 */
import type { DemoPki } from '@kyso/lib/demo-pki';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { decodeBase64 } from '../signing/digestSignature.js';
import { sendError } from '../simulatorErrors.js';

const OCSP_MAX_BYTES = 16 * 1024;

export async function pkiRoutes(app: FastifyInstance, opts: { demoPki: DemoPki }): Promise<void> {
  const { demoPki } = opts;
  const caKey = (file: string, ext: string): string | undefined => {
    if (!file.endsWith(ext)) return undefined;
    const key = file.slice(0, -ext.length);
    return Object.hasOwn(demoPki.cas, key) ? key : undefined;
  };

  app.addContentTypeParser(
    'application/ocsp-request',
    { parseAs: 'buffer', bodyLimit: OCSP_MAX_BYTES },
    (_request, body, done) => done(null, body),
  );

  app.get<{ Params: { file: string } }>('/pki/crt/:file', async (request, reply) => {
    const key = caKey(request.params.file, '.crt');
    const ca = key ? demoPki.cas[key] : undefined;
    if (!ca) return sendError(reply, 'NOT_FOUND', 'CA');
    return reply
      .type('application/pkix-cert')
      .header('cache-control', 'public, max-age=3600')
      .send(Buffer.from(ca.certificate));
  });

  app.get<{ Params: { file: string } }>('/pki/crl/:file', async (request, reply) => {
    const key = caKey(request.params.file, '.crl');
    if (!key) return sendError(reply, 'NOT_FOUND', 'CRL');
    const crl = await demoPki.crl(key);
    return reply.type('application/pkix-crl').header('cache-control', 'no-cache').send(Buffer.from(crl));
  });

  const answerOcsp = async (reply: FastifyReply, der: Uint8Array): Promise<FastifyReply> => {
    // Bad DER gets an OCSP malformedRequest response from the responder itself, as RFC 6960 asks.
    const response = await demoPki.ocspRespond(der);
    return reply
      .type('application/ocsp-response')
      .header('cache-control', 'no-cache')
      .send(Buffer.from(response));
  };

  app.post<{ Params: { ca: string } }>('/pki/ocsp/:ca', async (request, reply) => {
    if (!Object.hasOwn(demoPki.cas, request.params.ca))
      return sendError(reply, 'NOT_FOUND', 'OCSP responder');
    if (!Buffer.isBuffer(request.body))
      return sendError(reply, 'UNSUPPORTED_MEDIA_TYPE', 'application/ocsp-request');
    return answerOcsp(reply, request.body);
  });

  app.get<{ Params: { ca: string; '*': string } }>('/pki/ocsp/:ca/*', async (request, reply) => {
    if (!Object.hasOwn(demoPki.cas, request.params.ca))
      return sendError(reply, 'NOT_FOUND', 'OCSP responder');
    let encoded: string;
    try {
      encoded = decodeURIComponent(request.params['*']);
    } catch {
      return sendError(reply, 'INVALID_REQUEST', 'URL-encoded base64 OCSP request');
    }
    const der = decodeBase64(encoded);
    if (!der || der.length > OCSP_MAX_BYTES)
      return sendError(reply, 'INVALID_REQUEST', 'URL-encoded base64 OCSP request');
    return answerOcsp(reply, der);
  });
}
