import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, pageQuery } from '../../lib/schemas.ts';
import { STAFF_ROLES } from '../../policies/index.ts';
import { staffPassword } from '../auth/auth.schemas.ts';
import { createStaff, orgTree, setWindowDepartments, staffList } from './org.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const nameEn = z.string().nullable();

export function orgRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/admin/org', {
    schema: {
      tags: ['organisation'], summary: 'The organisation tree: regions, centers, departments, windows',
      response: {
        200: z.object({
          regions: z.array(z.object({ code: z.string(), name: z.string(), nameEn, level: z.string(), parentCode: z.string().nullable() })),
          centers: z.array(z.object({ id: z.string(), name: z.string(), nameEn, regionCode: z.string() })),
          departments: z.array(z.object({ id: z.string(), centerId: z.string(), name: z.string(), nameEn, creditCode: z.string() })),
          windows: z.array(z.object({
            id: z.string(), centerId: z.string(), name: z.string(), nameEn, kind: z.string(), departmentId: z.string().nullable(),
            departmentIds: z.array(z.string()).describe('a proxy window: the departments it accepts for'),
          })),
        }),
        ...errors,
      },
    },
  }, (req) => orgTree(ctx, req.actor));

  r.put('/api/org/windows/:id/departments', {
    schema: {
      tags: ['organisation'], summary: "Set the departments a proxy window (综合代办窗口) of the manager's center accepts for",
      params: z.object({ id: z.uuid() }), body: z.object({ departmentIds: z.array(z.uuid()).max(100) }),
      response: { 200: z.object({ id: z.string(), departmentIds: z.array(z.string()) }), ...errors },
    },
  }, (req) => setWindowDepartments(ctx, req.actor, req.params.id, req.body.departmentIds));

  r.get('/api/admin/staff', {
    schema: {
      tags: ['organisation'], summary: "Staff accounts of the manager's center",
      querystring: z.object({
        q: z.string().max(50).optional(),
        ...pageQuery,
      }),
      response: {
        200: z.object({
          staff: z.array(z.object({
            id: z.string(), username: z.string(), name: z.string(), roles: z.array(z.string()),
            departmentId: z.string().nullable(), windowId: z.string().nullable(), centerId: z.string(), locked: z.boolean(),
          })),
          total: z.number(), page: z.number(), pageSize: z.number(),
        }),
        ...errors,
      },
    },
  }, (req) => staffList(ctx, req.actor, req.query));

  r.post('/api/admin/staff', {
    schema: {
      tags: ['organisation'], summary: "Create a staff account in the manager's center",
      body: z.object({
        username: z.string().trim().regex(/^[a-z][a-z0-9_.-]{2,39}$/),
        name: z.string().trim().min(1).max(50),
        roles: z.array(z.enum(STAFF_ROLES)).min(1).max(5),
        departmentId: z.uuid().optional(),
        windowId: z.uuid().optional(),
        password: staffPassword,
      }),
      response: { 201: z.object({ id: z.string() }), ...errors },
    },
  }, async (req, reply) => reply.code(201).send(await createStaff(ctx, req.actor, req.body)));
}
