import createClient from 'openapi-fetch';
import { bilingualText, type Bilingual } from '../i18n';
import type { paths } from './schema';
import { dropEarly, takeEarly } from './early';

/** An error answered by the API: `{ code, field?, message: { zh, en } }`, or a network/server failure. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field?: string;
  readonly messages: Bilingual;

  constructor(status: number, code: string, messages: Bilingual, field?: string) {
    super(messages.en || messages.zh || code);
    this.status = status;
    this.code = code;
    this.field = field;
    this.messages = messages;
  }
}

function isBilingual(v: unknown): v is Bilingual {
  return typeof v === 'object' && v !== null && typeof (v as Bilingual).zh === 'string';
}

function errorFrom(status: number, body: unknown): ApiError {
  if (typeof body === 'object' && body !== null) {
    const b = body as { code?: unknown; field?: unknown; message?: unknown };
    if (typeof b.code === 'string' && isBilingual(b.message)) {
      return new ApiError(status, b.code, { zh: b.message.zh, en: b.message.en ?? b.message.zh },
        typeof b.field === 'string' ? b.field : undefined);
    }
    if (typeof b.code === 'string' && typeof b.message === 'string') {
      return new ApiError(status, b.code, { zh: b.message, en: b.message });
    }
  }
  if (status === 401) return new ApiError(status, 'UNAUTHENTICATED', bilingualText('error.unauthenticated'));
  if (status === 403) return new ApiError(status, 'FORBIDDEN', bilingualText('error.forbiddenDesc'));
  if (status === 404) return new ApiError(status, 'NOT_FOUND', bilingualText('error.notFound'));
  return new ApiError(status, 'SERVER_ERROR', bilingualText('error.server'));
}

export function toApiError(e: unknown): ApiError {
  if (e instanceof ApiError) return e;
  return new ApiError(0, 'NETWORK_ERROR', bilingualText('error.network'));
}

let csrfToken: string | null = null;
export function setCsrfToken(token: string | null | undefined): void {
  csrfToken = token ?? null;
}

type Query = Record<string, string | number | boolean | null | undefined>;

/** `path?k=v…` without the empty values (an empty search box is no filter). */
export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const s = serializeQuery(query);
  return s ? `${path}?${s}` : path;
}

function serializeQuery(query: Record<string, unknown>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  return p.toString();
}

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

async function refreshCsrf(): Promise<boolean> {
  try {
    const res = await fetch('/api/auth/me', { credentials: 'same-origin', headers: { accept: 'application/json' } });
    if (!res.ok) return false;
    const data = (await res.json()) as { csrfToken?: string };
    if (!data.csrfToken) return false;
    csrfToken = data.csrfToken;
    return true;
  } catch {
    return false;
  }
}

const isCsrfRefusal = (status: number, body: unknown) =>
  status === 403 && /CSRF/i.test(String((body as { code?: unknown } | null)?.code ?? ''));

function stamp(req: Request): Request {
  req.headers.set('accept', 'application/json');
  if (req.method !== 'GET' && csrfToken) req.headers.set('x-csrf-token', csrfToken);
  return req;
}

/** fetch for the typed client: the CSRF header on writes, and one retry with a fresh token when it was stale. */
async function sendWithCsrf(req: Request): Promise<Response> {
  const spare = req.method === 'GET' ? null : req.clone();
  if (spare) dropEarly(); // an answer read before this write (e.g. a 401 before the sign-in) is no longer true
  // The opening page's GETs may have been sent before the app rendered (landing.ts): take that answer.
  const res = await ((req.method === 'GET' ? takeEarly(req.url) : undefined) ?? fetch(stamp(req)));
  // A stale or missing CSRF token (new session in another tab): fetch a fresh one and retry once.
  if (spare && isCsrfRefusal(res.status, await parse(res.clone())) && (await refreshCsrf())) return fetch(stamp(spare));
  return res;
}

/** The typed client generated from the server's OpenAPI document (schema.d.ts); pages use `api` below. */
export const http = createClient<paths>({
  credentials: 'same-origin',
  fetch: sendWithCsrf,
  querySerializer: (q) => serializeQuery(q as Record<string, unknown>),
});

// ---- typed helpers over the generated paths ----
type Method = 'get' | 'post' | 'put' | 'delete';
export type PathOf<M extends Method> = { [P in keyof paths]: paths[P] extends Record<M, infer O> ? ([O] extends [never | undefined] ? never : P) : never }[keyof paths];
type Op<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Responses<O> = O extends { responses: infer R } ? R : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
type OkStatus = 200 | 201 | 202 | 204;
/** What a successful answer of `M path` carries (its 2xx JSON body). */
export type ResponseOf<P extends keyof paths, M extends Method = 'get'> = {
  [S in keyof Responses<Op<P, M>> & OkStatus]: JsonOf<Responses<Op<P, M>>[S]>;
}[keyof Responses<Op<P, M>> & OkStatus];
/** The JSON body `M path` takes. */
export type BodyOf<P extends keyof paths, M extends Method> =
  [NonNullable<Op<P, M>['requestBody']>] extends [never] ? never
    : NonNullable<Op<P, M>['requestBody']> extends { content: { 'application/json': infer B } } ? B : never;
/** The path and query parameters `M path` takes (`params` of the typed client). */
export type ParamsOf<P extends keyof paths, M extends Method = 'get'> = Op<P, M> extends { parameters: infer X } ? X : never;

type RequiredKeys<T> = { [K in keyof T]-?: Record<never, never> extends Pick<T, K> ? never : K }[keyof T];
type Params<P extends keyof paths, M extends Method> = { [K in keyof ParamsOf<P, M> as ParamsOf<P, M>[K] extends undefined | never ? never : K]: ParamsOf<P, M>[K] };
type InitOf<P extends keyof paths, M extends Method> =
  (RequiredKeys<Params<P, M>> extends never ? { params?: Params<P, M> } : { params: Params<P, M> }) &
  ([BodyOf<P, M>] extends [never] ? { body?: never } : { body: BodyOf<P, M> }) & { signal?: AbortSignal };
type Args<P extends keyof paths, M extends Method> = RequiredKeys<InitOf<P, M>> extends never ? [init?: InitOf<P, M>] : [init: InitOf<P, M>];

async function unwrap<T>(call: () => Promise<{ data?: unknown; error?: unknown; response: Response }>): Promise<T> {
  let r: { data?: unknown; error?: unknown; response: Response };
  try {
    r = await call();
  } catch (e) {
    throw toApiError(e);
  }
  if (!r.response.ok) throw errorFrom(r.response.status, r.error ?? null);
  return (r.data ?? undefined) as T;
}

type Caller = (path: never, init?: never) => Promise<{ data?: unknown; error?: unknown; response: Response }>;
const callers: Record<Method, Caller> = { get: http.GET as Caller, post: http.POST as Caller, put: http.PUT as Caller, delete: http.DELETE as Caller };
function caller<M extends Method>(m: M) {
  return <P extends PathOf<M>>(path: P, ...init: Args<P, M>): Promise<ResponseOf<P, M>> =>
    unwrap(() => (callers[m] as unknown as (p: P, i?: unknown) => ReturnType<Caller>)(path, init[0]));
}

/**
 * The header params of a submission whose page opens the case next and reads its detail there: the
 * answer needs only the case's summary (RFC 7240 minimal return; docs/cases.md, "The answer").
 */
export const MINIMAL_RETURN = { prefer: 'return=minimal' } as const;

/** Typed calls that answer the 2xx body or throw an `ApiError` (the error pages show). */
export const api = {
  get: caller('get'),
  post: caller('post'),
  put: caller('put'),
  del: caller('delete'),
};

/** The two upload endpoints (multipart field `file`); their answer is typed from the schema. */
type UploadPath = '/api/files' | '/api/admin/files' | '/api/public/verifications' | '/api/finance/reconciliation/statements';

function xhrUpload(path: string, file: File, field: string, onProgress?: (percent: number) => void): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', path);
    xhr.withCredentials = true;
    xhr.setRequestHeader('accept', 'application/json');
    if (csrfToken) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable && onProgress) onProgress(Math.min(99, Math.round((e.loaded / e.total) * 100)));
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = xhr.responseText ? JSON.parse(xhr.responseText) : null;
      } catch {
        body = null;
      }
      resolve({ status: xhr.status, body });
    };
    xhr.onerror = () => reject(toApiError(null));
    xhr.onabort = () => reject(toApiError(null));
    const fd = new FormData();
    fd.append(field, file);
    xhr.send(fd);
  });
}

/** Uploads one file with progress (0–100; fetch cannot report upload progress, XMLHttpRequest can). */
export async function uploadWithProgress<P extends UploadPath>(path: P, file: File, onProgress?: (percent: number) => void, field = 'file', query?: Query): Promise<ResponseOf<P, 'post'>> {
  // A query names what the file is (the statement's channel and day).
  const url = withQuery(path, query);
  let res = await xhrUpload(url, file, field, onProgress);
  if (isCsrfRefusal(res.status, res.body) && (await refreshCsrf())) {
    res = await xhrUpload(url, file, field, onProgress);
  }
  if (res.status < 200 || res.status >= 300) throw errorFrom(res.status, res.body);
  onProgress?.(100);
  return res.body as ResponseOf<P, 'post'>;
}

/** Uploads bytes made in the browser (a sealed bid) to a path with its ids filled in; the caller types the answer from the schema. */
export async function uploadBytes(url: string, bytes: Uint8Array, field: string): Promise<unknown> {
  const file = new File([bytes as Uint8Array<ArrayBuffer>], 'upload.bin', { type: 'application/octet-stream' });
  let res = await xhrUpload(url, file, field);
  if (isCsrfRefusal(res.status, res.body) && (await refreshCsrf())) res = await xhrUpload(url, file, field);
  if (res.status < 200 || res.status >= 300) throw errorFrom(res.status, res.body);
  return res.body;
}

/** A random UUID v4, also outside secure contexts (plain http on a LAN address) where crypto.randomUUID is missing. */
export function newUuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A file's download link (a plain link: the browser sends the session cookie). */
export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`;
