import path from 'node:path';
import { fileURLToPath } from 'node:url';
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import multipart from '@fastify/multipart';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { AppContext } from './lib/context.ts';
import { trustedProxies } from './config.ts';
import { errorHandler } from './lib/http.ts';
import { rejectHostileInput } from './lib/hostile-input.ts';
import { securityHeaders } from './lib/security-headers.ts';
import { Listener } from './db/listen.ts';
import { registerAuth } from './modules/auth/auth.plugin.ts';
import { authRoutes } from './modules/auth/auth.routes.ts';
import { calendarRoutes } from './modules/calendar/calendar.routes.ts';
import { fileRoutes } from './modules/files/files.routes.ts';
import { caseRoutes } from './modules/cases/cases.routes.ts';
import { deliveryRoutes } from './modules/delivery/delivery.routes.ts';
import { jointRoutes } from './modules/joint/joint.routes.ts';
import { greenRoutes } from './modules/cases/green.routes.ts';
import { materialChecklistRoutes } from './modules/cases/material-checklist.routes.ts';
import { healthRoutes } from './modules/health/health.routes.ts';
import { metricsRoutes } from './modules/metrics/metrics.routes.ts';
import { itemRoutes } from './modules/items/items.routes.ts';
import { orgRoutes } from './modules/org/org.routes.ts';
import { supervisionRoutes } from './modules/supervision/supervision.routes.ts';
import { performanceRoutes } from './modules/supervision/performance.routes.ts';
import { walletRoutes } from './modules/elicences/wallet.routes.ts';
import { elicencesRoutes } from './modules/elicences/elicences.routes.ts';
import { sealRoutes } from './modules/seals/seals.routes.ts';
import { bidRoutes } from './modules/bids/bids.routes.ts';
import { hallRoutes } from './modules/hall/hall.routes.ts';
import { ratingsRoutes } from './modules/ratings/ratings.routes.ts';
import { expertsRoutes } from './modules/experts/experts.routes.ts';
import { evaluationRoutes } from './modules/evaluation/evaluation.routes.ts';
import { workOrderRoutes } from './modules/workorders/workorders.routes.ts';
import { tradingRoutes } from './modules/trading/trading.routes.ts';
import { tradingDisputeRoutes } from './modules/trading-disputes/disputes.routes.ts';
import { disclosureRoutes } from './modules/disclosure/disclosure.routes.ts';
import { staffingRoutes } from './modules/staffing/staffing.routes.ts';
import { networkRoutes } from './modules/network/network.routes.ts';
import { feeRoutes } from './modules/fees/fees.routes.ts';
import { messageRoutes } from './modules/messages/messages.routes.ts';
import { paymentRoutes } from './modules/payments/payments.routes.ts';
import { simBankRoutes } from './modules/payments/sim-bank/sim-bank.routes.ts';
import { reconciliationRoutes } from './modules/reconciliation/reconciliation.routes.ts';
import { preferencesRoutes } from './modules/preferences/preferences.routes.ts';
import { portalRoutes } from './modules/portal/portal.routes.ts';
import { ssoRoutes } from './modules/sso/sso.routes.ts';
import { integrationRoutes } from './modules/integrations/integrations.routes.ts';
import { openApiRoutes } from './modules/integrations/open-api.routes.ts';
import { serveWebApp } from './web-static.ts';

const WEB_DIST = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../web/dist');

/** Builds the HTTP app: plugins, the error handler, the API routes and the web app's files. */
export async function buildApp(ctx: AppContext, opts: { logger?: boolean; webDist?: string } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ? { level: ctx.config.LOG_LEVEL } : false,
    // X-Forwarded-For is believed only from the configured proxies (none by default): anyone else
    // could name any address and escape the per-address rate limits.
    trustProxy: trustedProxies(ctx.config),
    bodyLimit: 2 * 1024 * 1024,
    // A URL the router cannot decode (bad percent-encoding) or a path parameter past its length answers in our error format too.
    frameworkErrors: (err, req, reply) => errorHandler(err, req, reply),
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // NUL, lone surrogates and boundary-less multipart bodies are refused before any route sees them.
  app.addHook('preValidation', rejectHostileInput);

  securityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        // Ant Design writes its styles at run time; Swagger UI needs inline styles too.
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        scriptSrc: ["'self'"],
        // The window's material checklist previews an uploaded PDF in an <object> from /api/files (served
        // with its stored type and nosniff); helmet's default 'none' blocked it. Only our own origin.
        objectSrc: ["'self'"],
        upgradeInsecureRequests: null,
      },
    },
  });
  await app.register(cookie);
  await app.register(rateLimit, { global: false });
  await app.register(multipart, { limits: { fileSize: ctx.config.UPLOAD_MAX_BYTES, files: 1, fields: 10 } });
  await app.register(swagger, {
    openapi: {
      info: {
        title: 'OneWindow API (一窗通办)',
        description: 'Government service center platform. Errors are `{ code, field?, message: { zh, en } }`. ' +
          'Writes made with the session cookie need the `x-csrf-token` header from `/api/auth/login` or `/api/auth/me`.',
        version: '0.1.0',
      },
      components: { securitySchemes: { session: { type: 'apiKey', in: 'cookie', name: 'ow_session' }, apiKey: { type: 'http', scheme: 'bearer', description: 'A consuming system\'s API key (owk_…), for /open/v1' } } },
    },
    transform: jsonSchemaTransform,
    // Schemas with an id (the error body and its codes) become components the routes refer to.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs', staticCSP: true });
  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  // One LISTEN connection for the app's live streams, whatever their channels (db/listen.ts); closed after they end.
  const listener = new Listener(ctx.db, (m) => app.log.info(m));
  app.addHook('onClose', () => listener.close());

  registerAuth(app, ctx);
  healthRoutes(app, ctx);
  metricsRoutes(app, ctx);
  authRoutes(app, ctx);
  itemRoutes(app, ctx);
  orgRoutes(app, ctx);
  fileRoutes(app, ctx);
  calendarRoutes(app, ctx);
  caseRoutes(app, ctx);
  deliveryRoutes(app, ctx);
  jointRoutes(app, ctx);
  greenRoutes(app, ctx);
  materialChecklistRoutes(app, ctx);
  feeRoutes(app, ctx);
  messageRoutes(app, ctx);
  supervisionRoutes(app, ctx);
  performanceRoutes(app, ctx, listener);
  walletRoutes(app, ctx);
  elicencesRoutes(app, ctx);
  sealRoutes(app, ctx);
  bidRoutes(app, ctx);
  hallRoutes(app, ctx, listener);
  ratingsRoutes(app, ctx);
  workOrderRoutes(app, ctx);
  tradingRoutes(app, ctx);
  tradingDisputeRoutes(app, ctx);
  disclosureRoutes(app, ctx);
  staffingRoutes(app, ctx);
  networkRoutes(app, ctx);
  paymentRoutes(app, ctx);
  simBankRoutes(app, ctx);
  reconciliationRoutes(app, ctx);
  preferencesRoutes(app, ctx);
  portalRoutes(app, ctx);
  await ssoRoutes(app, ctx);
  // Issue 17, open interfaces (docs/open-api.md): the manager's console and the versioned API for consuming systems.
  integrationRoutes(app, ctx);
  openApiRoutes(app, ctx);
  expertsRoutes(app, ctx);
  evaluationRoutes(app, ctx);

  await serveWebApp(app, opts.webDist ?? WEB_DIST);
  return app;
}
