import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { UNAUTHENTICATED } from '../../lib/errors.ts';
import { errorBody } from '../../lib/schemas.ts';
import { loginBody, registerBody, sessionView, userView } from './auth.schemas.ts';
import { login, logout, register, SESSION_COOKIE } from './auth.service.ts';
import { foreignRegisterBody, foreignRegistered, registerForeign } from './foreign.ts';

export function authRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const secure = ctx.config.COOKIE_SECURE;

  r.post('/api/auth/register', {
    schema: {
      tags: ['auth'],
      summary: 'Register an applicant (person by ID number, enterprise by unified social credit code)',
      body: registerBody,
      response: { 201: z.object({ user: userView }), 400: errorBody, 409: errorBody },
    },
  }, async (req, reply) => {
    const user = await register(ctx, req.body);
    return reply.code(201).send({ user });
  });

  r.post('/api/auth/register-foreign', {
    schema: {
      tags: ['auth'],
      summary: 'Register a foreign person with a passport or a foreign permanent resident ID card (外国人永久居留身份证)',
      body: foreignRegisterBody,
      response: { 201: foreignRegistered, 400: errorBody, 409: errorBody },
    },
  }, async (req, reply) => reply.code(201).send({ user: await registerForeign(ctx, req.body) }));

  r.post('/api/auth/login', {
    config: { rateLimit: { max: ctx.config.LOGIN_RATE_PER_MINUTE, timeWindow: '1 minute' } },
    schema: {
      tags: ['auth'],
      summary: 'Sign in with ID number, credit code or staff username; sets the HTTP-only session cookie',
      body: loginBody,
      response: { 200: sessionView, 401: errorBody, 423: errorBody },
    },
  }, async (req, reply) => {
    // req.ip is the peer, or the address a configured proxy forwarded (TRUSTED_PROXIES): never a header anyone can set.
    const result = await login(ctx, req.body.login, req.body.password, req.ip);
    reply.setCookie(SESSION_COOKIE, result.token, {
      httpOnly: true,
      sameSite: 'lax',
      path: '/',
      expires: result.expiresAt,
      secure: secure === 'auto' ? req.protocol === 'https' : secure === 'true',
    });
    return { user: result.user, csrfToken: result.csrfToken };
  });

  r.post('/api/auth/logout', {
    schema: { tags: ['auth'], summary: 'Sign out: ends the session', response: { 204: z.null() } },
  }, async (req, reply) => {
    if (req.session) await logout(ctx, req.session.token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  r.get('/api/auth/me', {
    schema: { tags: ['auth'], summary: 'The signed-in user and the CSRF token for writes', response: { 200: sessionView, 401: errorBody } },
  }, async (req) => {
    if (!req.session) throw UNAUTHENTICATED();
    return { user: req.session.user, csrfToken: req.session.csrfToken };
  });
}
