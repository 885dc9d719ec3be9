import { EventBus } from './events/bus.ts';
import type { AppContext } from './lib/context.ts';
import { syncCaseClocksWithCalendar } from './modules/cases/clock-sync.ts';
import { subscribeReportedCases } from './modules/cases/reported.ts';
import { subscribeDelivery } from './modules/delivery/delivery.jobs.ts';
import { subscribeJointCases } from './modules/joint/joint.cascade.ts';
import { subscribePrerequisites } from './modules/joint/prerequisites.ts';
import { subscribeJointExtension } from './modules/joint/joint-extension.ts';
import { subscribeFees } from './modules/fees/fees.subscribers.ts';
import { subscribeFindings } from './modules/supervision/findings.service.ts';
import { subscribePerformance } from './modules/supervision/performance.service.ts';
import { subscribeHall } from './modules/hall/hall.subscribers.ts';
import { subscribeElicenceReuse } from './modules/elicences/reuse.ts';
import { subscribeIssuance } from './modules/elicences/issuance.ts';
import { subscribeMessages } from './modules/messages/messages.subscribers.ts';
import { subscribeRatings } from './modules/ratings/ratings.subscribers.ts';
import { subscribePortal } from './modules/portal/portal.subscribers.ts';
import { subscribeTradingAward } from './modules/trading/award-guard.ts';
import { subscribeTenderSuspension } from './modules/trading/suspension.ts';
import { subscribeEventDelivery } from './modules/integrations/deliveries.ts';

/**
 * Who reacts to which domain event: the one list, wired when a platform opens (platform.ts) and for
 * every test app (test/harness.ts), whether or not HTTP routes are ever registered, so a process that
 * only runs jobs moves joint parts and raises findings like one that serves. Listeners run in this
 * order, inside the emitting transaction: the cases that an action creates or moves first (upper
 * cases, joint parts), then supervision's findings and rollups, which see those moves as events too.
 */
export function domainEvents(): EventBus<AppContext> {
  const bus = new EventBus<AppContext>();
  // Issue 16: an item that needs a traded project refuses a case whose project has no award, before anyone else hears it.
  subscribeTradingAward(bus);
  subscribeReportedCases(bus);
  subscribeJointCases(bus);
  // After the joint cascade: a denied prerequisite ends (or releases) the parts that wait for it.
  subscribePrerequisites(bus);
  subscribeJointExtension(bus);
  // Issue 12: e-licences named as materials are checked against the library before anything else hears the case.
  subscribeElicenceReuse(bus);
  // Issue 12: a handover into `issuing` queues the case's e-licence (issued by the licence jobs).
  subscribeIssuance(bus);
  // The delivery choice made with an application, stored with it.
  subscribeDelivery(bus);
  // Fees: the payment notice at a case's fee point, its cancellation or a refund record when the case closes.
  subscribeFees(bus);
  subscribeFindings(bus);
  subscribePerformance(bus);
  // A counter registration from a hall ticket links the ticket (refused if it is not at the clerk's window).
  subscribeHall(bus);
  // Issue 13: every step that concerns the applicant becomes a message (and an SMS by their preferences).
  subscribeMessages(bus);
  // Ratings (好差评): a rating invited when a case is accepted and when it is delivered.
  subscribeRatings(bus);
  // Issue 14: submitting an application ends its draft (暂存).
  subscribePortal(bus);
  // Issue 17: case events to subscribed systems, an outbox row per subscription in the step's transaction (docs/open-api.md).
  subscribeEventDelivery(bus);
  // Issue 16: an upheld complaint that orders the tender suspended suspends it, in the deciding transaction.
  subscribeTenderSuspension(bus);
  // Calendar changes still use the calendar module's own per-process hooks (not this bus): wired
  // here too, at platform open, so a jobs-only process recomputes deadlines like one that serves.
  syncCaseClocksWithCalendar();
  return bus;
}
