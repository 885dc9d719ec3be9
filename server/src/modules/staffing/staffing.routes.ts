import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { AppContext } from '../../lib/context.ts';
import { errorBody, uuidParam } from '../../lib/schemas.ts';
import * as assessments from './assessment.service.ts';
import * as attendance from './attendance.service.ts';
import * as leave from './leave.service.ts';
import * as s from './staffing.schemas.ts';
import * as staffing from './staffing.service.ts';

const errors = { 400: errorBody, 401: errorBody, 403: errorBody, 404: errorBody, 409: errorBody };
const tags = ['staffing'];

/** Window staff (issue 15): assignments, schedule, attendance, leave, training, assessment. docs/hall-staff.md. */
export function staffingRoutes(app: FastifyInstance, ctx: AppContext) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get('/api/staffing/staff', {
    schema: { tags, summary: 'Window staff in scope (managers: the center; chiefs: their department\'s; clerks: themselves) with their assignment', response: { 200: s.staffResponse, ...errors } },
  }, (req) => staffing.staffList(ctx, req.actor));

  r.get('/api/staffing/assignments', {
    schema: { tags, summary: 'Assignments of window staff (managers: the center; chiefs: their department)', querystring: s.assignmentsQuery, response: { 200: s.assignmentsResponse, ...errors } },
  }, (req) => staffing.listAssignments(ctx, req.actor, req.query));
  r.post('/api/staffing/assignments', {
    schema: { tags, summary: 'Propose an assignment to a window (the proposer\'s side approves by proposing)', body: s.assignmentBody, response: { 201: s.idStatus, ...errors } },
  }, async (req, reply) => reply.code(201).send(await staffing.proposeAssignment(ctx, req.actor, req.body)));
  r.post('/api/staffing/assignments/:id/decision', {
    schema: { tags, summary: 'The other side approves or rejects an assignment', params: uuidParam, body: s.decisionBody, response: { 200: s.idStatus, ...errors } },
  }, (req) => staffing.decideAssignment(ctx, req.actor, req.params.id, req.body.approve, req.body.note));

  r.get('/api/staffing/schedule', {
    schema: { tags, summary: 'A week of the schedule from a day, with the center\'s shift times (null: closed)', querystring: s.weekQuery, response: { 200: s.weekResponse, ...errors } },
  }, (req) => staffing.week(ctx, req.actor, req.query.from));
  r.post('/api/staffing/schedule', {
    schema: { tags, summary: 'Schedule a person at a window for a day and shift (managers)', body: s.scheduleBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await staffing.schedule(ctx, req.actor, req.body)));
  r.delete('/api/staffing/schedule/:id', {
    schema: { tags, summary: 'Remove a scheduled shift nobody signed in for (managers)', params: uuidParam, response: { 200: s.okResponse, ...errors } },
  }, (req) => staffing.unschedule(ctx, req.actor, req.params.id));

  r.get('/api/staffing/me', {
    schema: { tags, summary: "The clerk's day: today's shifts with sign-in, and colleagues who may substitute", response: { 200: s.myDayResponse, ...errors } },
  }, (req) => attendance.myDay(ctx, req.actor));
  r.post('/api/staffing/attendance/sign-in', {
    schema: { tags, summary: 'Sign in at the window for the shift under way (once per shift)', body: s.signInBody, response: { 201: s.attendanceRecord, ...errors } },
  }, async (req, reply) => reply.code(201).send(await attendance.signIn(ctx, req.actor, req.body.windowId)));
  r.post('/api/staffing/attendance/sign-out', {
    schema: { tags, summary: 'Sign out of the shift signed in today', response: { 200: s.attendanceRecord, ...errors } },
  }, (req) => attendance.signOut(ctx, req.actor));
  r.get('/api/staffing/staff/:userId/attendance', {
    schema: { tags, summary: "A person's shifts and attendance in a period", params: s.userParam, querystring: s.rangeQuery, response: { 200: s.attendanceResponse, ...errors } },
  }, (req) => attendance.attendanceOf(ctx, req.actor, req.params.userId, req.query.from, req.query.to));

  r.get('/api/staffing/leaves', {
    schema: { tags, summary: 'Leave requests in scope', querystring: s.leavesQuery, response: { 200: s.leavesResponse, ...errors } },
  }, (req) => leave.listLeaves(ctx, req.actor, req.query));
  r.post('/api/staffing/leaves', {
    schema: { tags, summary: 'Ask for leave, naming a substitute for the scheduled shifts (window clerks)', body: s.leaveBody, response: { 201: s.idStatus, ...errors } },
  }, async (req, reply) => reply.code(201).send(await leave.requestLeave(ctx, req.actor, req.body)));
  r.post('/api/staffing/leaves/:id/decision', {
    schema: { tags, summary: "Approve or reject a leave (the center's managers only)", params: uuidParam, body: s.decisionBody, response: { 200: s.idStatus, ...errors } },
  }, (req) => leave.decideLeave(ctx, req.actor, req.params.id, req.body.approve, req.body.note));
  r.post('/api/staffing/leaves/:id/cancel', {
    schema: { tags, summary: 'Withdraw one\'s own leave request before it is decided', params: uuidParam, response: { 200: s.idStatus, ...errors } },
  }, (req) => leave.cancelLeave(ctx, req.actor, req.params.id));

  r.get('/api/staffing/trainings', {
    schema: { tags, summary: 'Training records in scope', querystring: s.trainingsQuery, response: { 200: s.trainingsResponse, ...errors } },
  }, (req) => assessments.listTrainings(ctx, req.actor, req.query));
  r.post('/api/staffing/trainings', {
    schema: { tags, summary: 'Record a training (managers)', body: s.trainingBody, response: { 201: s.created, ...errors } },
  }, async (req, reply) => reply.code(201).send(await assessments.recordTraining(ctx, req.actor, req.body)));

  r.get('/api/staffing/staff/:userId/assessments/:year', {
    schema: { tags, summary: "The year's figures of a person, the grade they suggest, and the center's written result", params: s.assessmentParams, response: { 200: s.assessmentResponse, ...errors } },
  }, (req) => assessments.assessment(ctx, req.actor, req.params.userId, req.params.year));
  r.put('/api/staffing/staff/:userId/assessments/:year', {
    schema: { tags, summary: "Write the year's result into the person's file (managers; once unless reopened)", params: s.assessmentParams, body: s.assessmentBody, response: { 200: s.assessmentResponse, ...errors } },
  }, (req) => assessments.writeAssessment(ctx, req.actor, req.params.userId, req.params.year, req.body));
  r.post('/api/staffing/staff/:userId/assessments/:year/reopen', {
    schema: { tags, summary: 'Reopen a written result so it can be written again (managers)', params: s.assessmentParams, body: s.reopenBody, response: { 200: s.reopenResponse, ...errors } },
  }, (req) => assessments.reopenAssessment(ctx, req.actor, req.params.userId, req.params.year, req.body.reason));
}
