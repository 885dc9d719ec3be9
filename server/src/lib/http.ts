import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { DomainError, type Bilingual } from './errors.ts';

/** The one place where errors become HTTP answers: `{ code, field?, message: { zh, en }, details? }`. */
export function errorHandler(err: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  if (err instanceof DomainError) {
    return reply.code(err.status).send({ code: err.code, field: err.field, message: err.text, details: err.details });
  }
  if (hasZodFastifySchemaValidationErrors(err)) {
    const first = err.validation[0]!;
    const field = first.instancePath.replace(/^\//, '').replaceAll('/', '.') || undefined;
    const params = (first.params ?? {}) as { params?: { code?: string; zh?: string; en?: string } };
    const custom = params.params;
    const message = custom?.zh && custom.en ? { zh: custom.zh, en: custom.en } : describeIssue(first.keyword, field, first.message ?? "");
    return reply.code(400).send({
      code: custom?.code ?? 'VALIDATION_FAILED',
      field,
      message,
      details: {
        in: err.validationContext,
        issues: err.validation.map((v) => ({ field: v.instancePath.replace(/^\//, '').replaceAll('/', '.'), rule: v.keyword, message: v.message })),
      },
    });
  }
  if (err.statusCode === 429) {
    return reply.code(429).send({ code: 'TOO_MANY_REQUESTS', message: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests, try again later' } });
  }
  if (err.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return reply.code(415).send({ code: 'UNSUPPORTED_MEDIA_TYPE', message: { zh: '不支持的内容类型', en: 'Unsupported content type' } });
  }
  if (err.statusCode === 413 || err.code === 'FST_REQ_FILE_TOO_LARGE') {
    return reply.code(413).send({ code: 'PAYLOAD_TOO_LARGE', message: { zh: '内容超过大小限制', en: 'The content is larger than allowed' } });
  }
  if (err.statusCode === 400) {
    return reply.code(400).send({ code: 'BAD_REQUEST', message: { zh: '请求格式不正确', en: `Malformed request: ${err.message}` } });
  }
  if (err.statusCode && err.statusCode > 400 && err.statusCode < 500) {
    return reply.code(err.statusCode).send({ code: `HTTP_${err.statusCode}`, message: { zh: '请求无法处理', en: err.message } });
  }
  req.log.error({ err }, 'unhandled error');
  return reply.code(500).send({ code: 'INTERNAL', message: { zh: '系统内部错误，请稍后重试', en: 'Internal error, please try again later' } });
}

function describeIssue(keyword: string, field: string | undefined, detail: string): Bilingual {
  const f = field ?? '请求';
  const fe = field ?? 'request';
  switch (keyword) {
    case 'invalid_type':
      return { zh: `「${f}」缺失或类型不正确`, en: `${fe} is missing or has the wrong type (${detail})` };
    case 'too_small':
    case 'too_big':
      return { zh: `「${f}」超出允许的长度或范围`, en: `${fe} is out of the allowed range (${detail})` };
    case 'invalid_format':
      return { zh: `「${f}」格式不正确`, en: `${fe} has a wrong format (${detail})` };
    case 'invalid_value':
      return { zh: `「${f}」不是允许的取值`, en: `${fe} is not an allowed value (${detail})` };
    case 'unrecognized_keys':
      return { zh: `「${f}」含有不允许的字段`, en: `${fe} has fields that are not allowed (${detail})` };
    default:
      return { zh: `「${f}」无效`, en: `${fe} is invalid (${detail})` };
  }
}
