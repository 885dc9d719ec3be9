import { EventBus } from './events/bus.ts';
import type { AppContext } from './lib/context.ts';
import { syncCaseClocksWithCalendar } from './modules/cases/clock-sync.ts';
import { subscribeReportedCases } from './modules/cases/reported.ts';
import { subscribeJointCases } from './modules/joint/joint.cascade.ts';
import { subscribePrerequisites } from './modules/joint/prerequisites.ts';
import { subscribeJointExtension } from './modules/joint/joint-extension.ts';
import { subscribeFees } from './modules/fees/fees.subscribers.ts';
import { subscribeFindings } from './modules/supervision/findings.service.ts';
import { subscribePerformance } from './modules/supervision/performance.service.ts';

/**
 * Who reacts to which domain event: the one list, wired when a platform opens (platform.ts) and for
 * every test app (test/harness.ts), whether or not HTTP routes are ever registered, so a process that
 * only runs jobs moves joint parts and raises findings like one that serves. Listeners run in this
 * order, inside the emitting transaction: the cases that an action creates or moves first (upper
 * cases, joint parts), then supervision's findings and rollups, which see those moves as events too.
 */
export function domainEvents(): EventBus<AppContext> {
  const bus = new EventBus<AppContext>();
  subscribeReportedCases(bus);
  subscribeJointCases(bus);
  // After the joint cascade: a denied prerequisite ends (or releases) the parts that wait for it.
  subscribePrerequisites(bus);
  subscribeJointExtension(bus);
  // Fees: the payment notice at a case's fee point, its cancellation or a refund record when the case closes.
  subscribeFees(bus);
  subscribeFindings(bus);
  subscribePerformance(bus);
  // Calendar changes still use the calendar module's own per-process hooks (not this bus): wired
  // here too, at platform open, so a jobs-only process recomputes deadlines like one that serves.
  syncCaseClocksWithCalendar();
  return bus;
}
