import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../lib/context.ts';
import { ChannelRefused, ChannelUnavailable, type OutboundChannel } from './outbound-channel.ts';
import * as repo from './outbound.repository.ts';

/**
 * The simulated SMS gateway: the default SMS channel, behaving like a real gateway so every path of
 * our side is exercised without one. It records every SMS it accepts in `sim_sms_messages` (what the
 * tests and the demo read as "the phone received it"), is idempotent on our reference like a gateway
 * with an out id, and misbehaves on request per phone number (`sim_sms_faults`):
 * - `timeout`: nothing is sent and no answer comes (ChannelUnavailable);
 * - `lost_answer`: the SMS is sent but the answer is lost (ChannelUnavailable); the retry finds it by
 *   our reference and answers the same id, so the phone still gets one SMS;
 * - `fail`: the gateway refuses the number for good (ChannelRefused).
 */
export const SIM_SMS_FAULTS = ['timeout', 'lost_answer', 'fail'] as const;
export type SimSmsFault = (typeof SIM_SMS_FAULTS)[number];

export function simSmsGateway(ctx: AppContext): OutboundChannel {
  return {
    name: 'sms',
    async send(msg) {
      // The fault is consumed in a transaction of its own: it counts even when the call then throws.
      const fault = await ctx.db.transaction().execute((tx) => repo.takeSimSmsFault(tx, msg.to));
      if (fault === 'timeout') throw new ChannelUnavailable('simulated SMS gateway: timed out');
      if (fault === 'fail') throw new ChannelRefused('simulated SMS gateway: recipient refused');
      const providerId = await repo.recordSimSms(ctx.db, {
        provider_id: `SMS${Date.now().toString(36).toUpperCase()}${randomBytes(5).toString('hex').toUpperCase()}`,
        client_ref: msg.ref, phone: msg.to, text: msg.text, received_at: ctx.clock.now(),
      });
      if (fault === 'lost_answer') throw new ChannelUnavailable('simulated SMS gateway: the answer was lost');
      return { providerId };
    },
  };
}

/** Test and demo control: the fault the gateway plays for a number (`times` null: until cleared; `fault` null clears). */
export async function setSimSmsFault(ctx: AppContext, phone: string, fault: SimSmsFault | null, times: number | null = null): Promise<void> {
  await repo.setSimSmsFault(ctx.db, phone, fault, times);
}
