/**
 * Mounts the simulated VNeID (`/vneid`) and PostID (`/postid`) OpenID providers in the simulators app,
 * with their login pages at `/<provider>/interaction/<uid>`. The issuer is `<baseUrl>/<provider>`; without
 * a configured base URL it is taken from the Host of the first request (tests on random ports).
 */
import type { JsonWebKey } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { renderToString } from 'preact-render-to-string';
import { sendPage } from '../pages/pageLayout.js';
import { IDENTITY_DEMO_PASSWORDS, type IdentityProviderName, identityAmr } from './identityAccounts.js';
import { IdentityErrorPage, IdentityLoginPage, IdentityProviderInfoPage } from './identityLoginPage.js';
import type { IdentityProviderClients } from './identityProviderClients.js';
import type { SimulatedIdentityProvider } from './simulatedIdentityProvider.js';

export interface IdentityProviderRoutesOptions {
  clients: IdentityProviderClients;
  /** Public base URL of the simulators; absent: from the first request's Host header. */
  baseUrl: string | undefined;
  /**
   * Load oidc-provider and make the providers' keys at once, in the background, rather than on the first
   * request (which then waits seconds on a loaded machine, longer than a client's discovery timeout).
   */
  prepareAtStart: boolean;
}

export const IDENTITY_PROVIDER_NAMES: readonly IdentityProviderName[] = ['vneid', 'postid'];

const WRONG_PASSWORD = {
  vi: 'Số định danh hoặc mật khẩu không đúng.',
  en: 'Wrong personal number or password.',
};

type Raw = { originalUrl?: string };

type MountedProvider = SimulatedIdentityProvider & {
  /** oidc-provider's request handler (a Koa app), made once. */
  handler: ReturnType<SimulatedIdentityProvider['provider']['callback']>;
};

export async function identityProviderRoutes(
  app: FastifyInstance,
  options: IdentityProviderRoutesOptions,
): Promise<void> {
  const built = new Map<IdentityProviderName, Promise<MountedProvider>>();
  /** oidc-provider's module and each provider's signing key (RSA-2048, made off the event loop). */
  type Prepared = Readonly<Record<IdentityProviderName, Promise<[Module, JsonWebKey]>>>;
  type Module = typeof import('./simulatedIdentityProvider.js');
  let prepared: Prepared | undefined;
  function prepare(): Prepared {
    if (!prepared) {
      const module = import('./simulatedIdentityProvider.js');
      const ready = (): Promise<[Module, JsonWebKey]> =>
        module.then(async (m) => [m, await m.identitySigningKey()]);
      prepared = { vneid: ready(), postid: ready() };
      // Awaited, and reported, on first use; not an unhandled rejection before that.
      for (const p of Object.values(prepared)) p.catch(() => undefined);
    }
    return prepared;
  }
  if (options.prepareAtStart) prepare();

  /** Built on first use, with the issuer known by that time. */
  function idp(name: IdentityProviderName, req: FastifyRequest): Promise<MountedProvider> {
    let found = built.get(name);
    if (!found) {
      const base = (options.baseUrl ?? `${req.protocol}://${req.host}`).replace(/\/+$/, '');
      found = prepare()[name].then(([{ createSimulatedIdentityProvider }, key]) => {
        const simulated = createSimulatedIdentityProvider(
          name,
          `${base}/${name}`,
          options.clients[name],
          (_s, error, d) =>
            `<!doctype html>${renderToString(IdentityErrorPage({ provider: name, error, description: d }))}`,
          key,
        );
        return { ...simulated, handler: simulated.provider.callback() };
      });
      built.set(name, found);
    }
    return found;
  }

  /** The login page's CSP lets the form's redirect chain end at the client's redirect URIs. */
  function loginPageCsp(name: IdentityProviderName): string {
    const origins = [...new Set(options.clients[name].redirectUris.map((u) => new URL(u).origin))];
    return `default-src 'self'; style-src 'self' 'unsafe-inline'; form-action 'self' ${origins.join(' ')}; frame-ancestors 'none'; base-uri 'self'; object-src 'none'`;
  }

  for (const name of IDENTITY_PROVIDER_NAMES) {
    const client = options.clients[name];

    // The OpenID endpoints: handed to oidc-provider untouched (it reads request bodies itself).
    await app.register(async (scope) => {
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', (_req, _payload, done) => done(null));
      const forward = async (req: FastifyRequest, reply: FastifyReply) => {
        const { handler } = await idp(name, req);
        reply.hijack();
        (req.raw as Raw).originalUrl = req.url;
        req.raw.url = req.url.slice(name.length + 1) || '/';
        await handler(req.raw, reply.raw);
      };
      scope.all(`/${name}/*`, forward);
    });

    app.get(`/${name}`, async (req, reply) => {
      const { provider, accounts } = await idp(name, req);
      return sendPage(
        reply,
        IdentityProviderInfoPage({
          provider: name,
          issuer: provider.issuer,
          accounts,
          demoPassword: IDENTITY_DEMO_PASSWORDS[name],
          clientId: client.clientId,
          redirectUris: client.redirectUris,
        }),
      );
    });

    app.get<{ Params: { uid: string } }>(`/${name}/interaction/:uid`, async (req, reply) => {
      const { provider, accounts } = await idp(name, req);
      try {
        const details = await provider.interactionDetails(req.raw, reply.raw);
        if (details.uid !== req.params.uid) throw new Error('interaction mismatch');
      } catch {
        return sendPage(
          reply,
          IdentityErrorPage({ provider: name, error: 'invalid_request', description: 'interaction' }),
          400,
        );
      }
      reply.header('content-security-policy', loginPageCsp(name));
      return sendPage(
        reply,
        IdentityLoginPage({
          provider: name,
          uid: req.params.uid,
          accounts,
          demoPassword: IDENTITY_DEMO_PASSWORDS[name],
          clientId: client.clientId,
        }),
      );
    });

    app.post<{ Params: { uid: string }; Body: Record<string, unknown> | undefined }>(
      `/${name}/interaction/:uid`,
      async (req, reply) => {
        const { provider, accounts } = await idp(name, req);
        try {
          const details = await provider.interactionDetails(req.raw, reply.raw);
          if (details.uid !== req.params.uid) throw new Error('interaction mismatch');
        } catch {
          return sendPage(
            reply,
            IdentityErrorPage({ provider: name, error: 'invalid_request', description: 'interaction' }),
            400,
          );
        }
        const body = req.body ?? {};
        const finish = async (result: Record<string, unknown>) => {
          reply.hijack();
          await provider.interactionFinished(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
        };
        if (body.action === 'cancel')
          return finish({
            error: 'access_denied',
            error_description: 'Người dùng đã hủy đăng nhập / the user cancelled',
          });
        const cccd = typeof body.cccd === 'string' ? body.cccd : '';
        const account = accounts.find((a) => a.citizen.cccd === cccd);
        if (!account || body.password !== IDENTITY_DEMO_PASSWORDS[name]) {
          reply.header('content-security-policy', loginPageCsp(name));
          return sendPage(
            reply,
            IdentityLoginPage({
              provider: name,
              uid: req.params.uid,
              accounts,
              demoPassword: IDENTITY_DEMO_PASSWORDS[name],
              clientId: client.clientId,
              selected: cccd,
              error: WRONG_PASSWORD,
            }),
            401,
          );
        }
        return finish({
          login: {
            accountId: account.sub,
            acr: String(account.level),
            amr: identityAmr(name, account.level),
          },
        });
      },
    );
  }
}
