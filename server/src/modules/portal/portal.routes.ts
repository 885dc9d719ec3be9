import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody } from '../../lib/schemas.ts';
import {
  bookmarkList, bookmarkView, draftBody, draftList, draftParams, draftView, itemIdParam, pageOnly, popularQuery, profileBody, profileView,
  servicesList, siteInfo,
} from './portal.schemas.ts';
import { bookmarks, discardDraft, frequent, getDraft, listDrafts, popular, profile, saveDraft, setBookmark, updateProfile } from './portal.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody };

/** The portal's own endpoints (issue 14, docs/portal.md): my profile, drafts, bookmarks, services, the site's footer. */
export function portalRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const tags = ['portal'];

  r.get('/api/my/profile', {
    schema: { tags, summary: 'My account data and the form values it pre-fills', response: { 200: profileView, ...errors } },
  }, (req) => profile(ctx, req.actor));

  r.put('/api/my/profile', {
    schema: { tags, summary: 'Change the address my forms are pre-filled with', body: profileBody, response: { 200: profileView, ...errors } },
  }, (req) => updateProfile(ctx, req.actor, req.body));

  r.get('/api/my/drafts', {
    schema: { tags, summary: 'My drafts (暂存), newest first', querystring: pageOnly, response: { 200: draftList, ...errors } },
  }, (req) => listDrafts(ctx, req.actor, req.query.page, req.query.pageSize));

  r.get('/api/my/drafts/:kind/:targetId', {
    schema: { tags, summary: 'My draft of an item or a joint matter, with its form and uploads', params: draftParams, response: { 200: draftView, ...errors } },
  }, (req) => getDraft(ctx, req.actor, req.params.kind, req.params.targetId));

  r.put('/api/my/drafts/:kind/:targetId', {
    schema: { tags, summary: 'Save my draft (one per item or matter, updated in place)', params: draftParams, body: draftBody, response: { 200: draftView, 409: errorBody, ...errors } },
  }, (req) => saveDraft(ctx, req.actor, req.params.kind, req.params.targetId, req.body));

  r.delete('/api/my/drafts/:kind/:targetId', {
    schema: { tags, summary: 'Discard my draft', params: draftParams, response: { 204: z.null(), ...errors } },
  }, async (req, reply) => {
    await discardDraft(ctx, req.actor, req.params.kind, req.params.targetId);
    return reply.code(204).send(null);
  });

  r.get('/api/my/bookmarks', {
    schema: { tags, summary: 'My bookmarked services (收藏)', response: { 200: bookmarkList, ...errors } },
  }, (req) => bookmarks(ctx, req.actor));

  r.put('/api/my/bookmarks/:itemId', {
    schema: { tags, summary: 'Bookmark a service', params: itemIdParam, response: { 200: bookmarkView, ...errors } },
  }, (req) => setBookmark(ctx, req.actor, req.params.itemId, true));

  r.delete('/api/my/bookmarks/:itemId', {
    schema: { tags, summary: 'Remove a bookmark', params: itemIdParam, response: { 200: bookmarkView, ...errors } },
  }, (req) => setBookmark(ctx, req.actor, req.params.itemId, false));

  r.get('/api/my/frequent', {
    schema: { tags, summary: 'My frequent services: the items of my own cases, most used first', response: { 200: servicesList, ...errors } },
  }, (req) => frequent(ctx, req.actor));

  r.get('/api/portal/popular', {
    schema: { tags, summary: 'Popular services (热门服务) of a center: most cases in the last 90 days', querystring: popularQuery, response: { 200: servicesList, 400: errorBody } },
  }, (req) => popular(ctx, req.query.centerId, req.query.limit));

  r.get('/api/site', {
    schema: { tags, summary: "The site's identification, filing numbers and contact for the footer (configuration)", response: { 200: siteInfo } },
  }, () => {
    const c = ctx.config;
    const or = (s: string) => s || null;
    return {
      name: { zh: c.SITE_NAME, en: c.SITE_NAME_EN }, siteCode: or(c.SITE_CODE), icp: or(c.SITE_ICP), psb: or(c.SITE_PSB),
      contactPhone: or(c.SITE_CONTACT_PHONE), contactEmail: or(c.SITE_CONTACT_EMAIL), contactAddress: or(c.SITE_CONTACT_ADDRESS),
    };
  });
}
