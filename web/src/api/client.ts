import { bilingualText, type Bilingual } from '../i18n';

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

export function withQuery(path: string, query?: Query): string {
  if (!query) return path;
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined || v === null || v === '') continue;
    p.set(k, String(v));
  }
  const s = p.toString();
  return s ? `${path}?${s}` : path;
}

async function send(method: string, path: string, body: unknown): Promise<Response> {
  const headers: Record<string, string> = { accept: 'application/json' };
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  if (method !== 'GET' && csrfToken) headers['x-csrf-token'] = csrfToken;
  return fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
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

async function parse(res: Response): Promise<unknown> {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

export async function request<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await send(method, path, body);
    // A stale or missing CSRF token (new session in another tab): fetch a fresh one and retry once.
    if (res.status === 403 && method !== 'GET') {
      const data = (await parse(res.clone())) as { code?: string } | null;
      if (data?.code && /CSRF/i.test(data.code) && (await refreshCsrf())) res = await send(method, path, body);
    }
  } catch {
    throw toApiError(null);
  }
  if (res.status === 204) return undefined as T;
  const data = await parse(res);
  if (!res.ok) throw errorFrom(res.status, data);
  return data as T;
}

export const api = {
  get: <T>(path: string, query?: Query) => request<T>('GET', withQuery(path, query)),
  post: <T>(path: string, body?: unknown) => request<T>('POST', path, body),
  put: <T>(path: string, body?: unknown) => request<T>('PUT', path, body),
  del: <T = void>(path: string) => request<T>('DELETE', path),
  upload: <T>(path: string, file: File, field = 'file') => {
    const fd = new FormData();
    fd.append(field, file);
    return request<T>('POST', path, fd);
  },
};

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
export async function uploadWithProgress<T>(path: string, file: File, onProgress?: (percent: number) => void, field = 'file'): Promise<T> {
  let res = await xhrUpload(path, file, field, onProgress);
  if (res.status === 403 && /CSRF/i.test(String((res.body as { code?: string } | null)?.code ?? '')) && (await refreshCsrf())) {
    res = await xhrUpload(path, file, field, onProgress);
  }
  if (res.status < 200 || res.status >= 300) throw errorFrom(res.status, res.body);
  onProgress?.(100);
  return res.body as T;
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

export const fileUrl = (fileId: string) => `/api/files/${encodeURIComponent(fileId)}`;
