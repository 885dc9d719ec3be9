import { z } from 'zod';
import { ERROR_CODES, type ErrorCode } from './errors.ts';

/**
 * Every code of the error catalogue (lib/errors.catalog.ts). The error body and its codes are
 * components of the OpenAPI document (ids below), referenced by every route instead of inlined.
 */
export const errorCode = z.enum(ERROR_CODES as [ErrorCode, ...ErrorCode[]]).meta({ id: 'ErrorCode' });

/** Shapes shared by many endpoints. */
export const errorBody = z.object({
  code: errorCode,
  field: z.string().optional(),
  message: z.object({ zh: z.string(), en: z.string() }),
  details: z.unknown().optional(),
}).meta({ id: 'ErrorBody' });

export const pageQuery = {
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
};

export const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((s) => {
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}, 'a real calendar date YYYY-MM-DD');

export const uuidParam = z.object({ id: z.uuid() });
