import type { AppContext } from '../../lib/context.ts';
import type { PaymentChannel } from './channel.ts';
import { simBankChannel } from './sim-bank/sim-bank.channel.ts';

/**
 * The online payment channels this deployment offers, by code. A real acquirer or the provincial
 * non-tax platform is one more entry here (its adapter implementing PaymentChannel, its keys in
 * configuration); `ONLINE_CHANNEL` is the one the applicant's "pay online" uses.
 */
export function onlineChannels(ctx: AppContext): Map<string, PaymentChannel> {
  const list: PaymentChannel[] = [];
  if (ctx.config.SIM_BANK === 'on') list.push(simBankChannel(ctx));
  return new Map(list.map((c) => [c.code, c]));
}

export function channelFor(ctx: AppContext, code: string): PaymentChannel | null {
  return onlineChannels(ctx).get(code) ?? null;
}

/** The channel the applicant pays through (the first configured one). */
export function defaultOnlineChannel(ctx: AppContext): PaymentChannel | null {
  return onlineChannels(ctx).values().next().value ?? null;
}

let listening: string | null = null;

/** The address this instance listens on, once it does (PORT 0 picks one): serve() tells it. */
export function setListeningUrl(url: string): void {
  listening = url;
}

/** Our notify endpoint for a channel, as the channel must call it (PUBLIC_URL, else this instance's address). */
export function notifyUrl(ctx: AppContext, code: string): string {
  const base = ctx.config.PUBLIC_URL?.replace(/\/$/, '') ?? listening ?? `http://127.0.0.1:${ctx.config.PORT}`;
  return `${base}/api/payments/notify/${code}`;
}
