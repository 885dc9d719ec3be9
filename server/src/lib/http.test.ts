import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import Fastify, { type FastifyInstance } from 'fastify';
import { serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { errorText, errors, schemaIssue } from './errors.ts';
import { errorHandler } from './http.ts';

/** The one mapper, on a real Fastify app: every answer carries a catalogue code, its status and its text. */
describe('the HTTP error mapper', () => {
  let app: FastifyInstance;
  const failWith = (statusCode: number | undefined, message: string) => () => {
    throw Object.assign(new Error(message), statusCode ? { statusCode } : {});
  };

  before(async () => {
    app = Fastify({ logger: false });
    app.setValidatorCompiler(validatorCompiler);
    app.setSerializerCompiler(serializerCompiler);
    app.setErrorHandler(errorHandler);
    const r = app.withTypeProvider<ZodTypeProvider>();
    r.get('/domain', () => { throw errors.MATERIAL_UNKNOWN({ material: 'licence', field: 'materials', details: { n: 1 } }); });
    r.post('/refined', {
      schema: { body: z.object({ password: z.string().refine((p) => /\d/.test(p), schemaIssue('PASSWORD_WEAK')) }) },
    }, () => ({}));
    r.get('/406', failWith(406, 'Not Acceptable'));
    r.get('/499', failWith(499, 'Odd client status'));
    r.get('/crash', failWith(undefined, 'secret detail'));
    await app.ready();
  });
  after(() => app.close());

  it('answers a domain error with its code, status, text, field and details', async () => {
    const res = await app.inject({ url: '/domain' });
    assert.equal(res.statusCode, 400);
    assert.deepEqual(res.json(), {
      code: 'MATERIAL_UNKNOWN', field: 'materials', details: { n: 1 },
      message: { zh: '事项没有材料「licence」', en: 'The item has no material "licence"' },
    });
  });

  it('answers a refinement with its own code and text, any other schema failure with VALIDATION_FAILED', async () => {
    const weak = await app.inject({ method: 'POST', url: '/refined', payload: { password: 'abcdefgh' } });
    assert.equal(weak.statusCode, 400);
    assert.deepEqual([weak.json().code, weak.json().field, weak.json().message], ['PASSWORD_WEAK', 'password', errorText('PASSWORD_WEAK')]);
    const missing = await app.inject({ method: 'POST', url: '/refined', payload: {} });
    assert.deepEqual([missing.statusCode, missing.json().code, missing.json().field], [400, 'VALIDATION_FAILED', 'password']);
    assert.match(missing.json().message.zh, /「password」缺失或类型不正确/);
  });

  it('answers the framework\'s refusals as HTTP_<status>, an unknown client status as BAD_REQUEST, anything else as INTERNAL', async () => {
    const notAcceptable = await app.inject({ url: '/406' });
    assert.deepEqual([notAcceptable.statusCode, notAcceptable.json().code, notAcceptable.json().message.en], [406, 'HTTP_406', 'Not Acceptable']);
    const odd = await app.inject({ url: '/499' });
    assert.deepEqual([odd.statusCode, odd.json().code], [400, 'BAD_REQUEST']);
    const crash = await app.inject({ url: '/crash' });
    assert.deepEqual([crash.statusCode, crash.json().code], [500, 'INTERNAL']);
    assert.doesNotMatch(crash.body, /secret detail/);
    const json = await app.inject({ method: 'POST', url: '/refined', headers: { 'content-type': 'application/json' }, payload: '{' });
    assert.deepEqual([json.statusCode, json.json().code], [400, 'BAD_REQUEST']);
    const media = await app.inject({ method: 'POST', url: '/refined', headers: { 'content-type': 'text/x-odd' }, payload: 'x' });
    assert.deepEqual([media.statusCode, media.json().code], [415, 'UNSUPPORTED_MEDIA_TYPE']);
  });
});
