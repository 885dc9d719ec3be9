import { z } from 'zod';
import { pageQuery } from '../../lib/schemas.ts';
import { API_SCOPES } from './keys.ts';
import { SUBSCRIBABLE_EVENTS } from './event-types.ts';

/** Request and response shapes of the consuming systems' console and of /open/v1 (docs/open-api.md). */

export const apiScope = z.enum(API_SCOPES);
export const eventType = z.enum(SUBSCRIBABLE_EVENTS as unknown as [string, ...string[]]);

export const createClientBody = z.object({
  name: z.string().trim().min(1).max(100),
  contact: z.string().trim().max(200).default(''),
});
export const issueKeyBody = z.object({
  scopes: z.array(apiScope).min(1).max(API_SCOPES.length).refine((a) => new Set(a).size === a.length, 'each scope once'),
  ratePerMinute: z.number().int().min(1).max(100_000).optional().describe('calls per minute for this key; default API_KEY_DEFAULT_RATE_PER_MINUTE'),
});
export const subscribeBody = z.object({
  url: z.string().trim().min(8).max(2000).describe('http(s) URL receiving POSTed CloudEvents'),
  eventTypes: z.array(eventType).min(1).max(SUBSCRIBABLE_EVENTS.length).refine((a) => new Set(a).size === a.length, 'each type once'),
});

export const clientParam = z.object({ id: z.uuid() });
export const keyParam = z.object({ id: z.uuid(), keyId: z.uuid() });
export const pageOnly = z.object(pageQuery);

const keyView = z.object({
  id: z.string(), keyId: z.string().describe('the public part of the key (owk_<keyId>_…)'), scopes: z.array(apiScope), ratePerMinute: z.number(),
  createdAt: z.string(), revokedAt: z.string().nullable(), lastUsedAt: z.string().nullable(),
});
export const subscriptionView = z.object({
  id: z.string(), url: z.string(), eventTypes: z.array(z.string()), createdAt: z.string(), revokedAt: z.string().nullable(),
  pausedAt: z.string().nullable().describe('paused: events are kept and delivered in order once resumed'),
});
export const clientView = z.object({
  id: z.string(), name: z.string(), contact: z.string(), createdAt: z.string(), revokedAt: z.string().nullable(),
  keys: z.array(keyView), subscriptions: z.array(subscriptionView),
});
export const clientList = z.object({ clients: z.array(clientView), total: z.number(), page: z.number(), pageSize: z.number() });
export const created = z.object({ id: z.string() });
export const issuedKey = z.object({ id: z.string(), keyId: z.string(), key: z.string().describe('shown once: only its hash is kept') });
export const createdSubscription = z.object({ id: z.string(), secret: z.string().describe('the HMAC-SHA256 signing secret, shown once') });
export const eventTypes = z.object({ eventTypes: z.array(z.string()), scopes: z.array(apiScope) });
export const deliveryLog = z.object({
  deliveries: z.array(z.object({
    id: z.number(), caseId: z.string(), eventId: z.string(), eventType: z.string(), status: z.enum(['pending', 'delivered']), attempts: z.number(),
    nextAttemptAt: z.string(), lastStatus: z.number().nullable(), lastError: z.string().nullable(), createdAt: z.string(), deliveredAt: z.string().nullable(),
  })),
  total: z.number(), page: z.number(), pageSize: z.number(),
});
export const ok = z.object({ ok: z.literal(true) });
