/**
 * An outbound channel: whoever carries a message to the applicant outside the portal — the simulated
 * SMS gateway by default, a real SMS gateway (a province's unified SMS platform, a carrier's or a
 * cloud provider's SMS API) in production. Everything we know about a channel goes through this
 * interface (docs/messages.md, "Plugging in a real SMS gateway").
 *
 * Rules every implementation follows:
 * - `send` answers the channel's own id for the message once the channel has taken it.
 * - A timeout, a refused connection or a 5xx throws `ChannelUnavailable`: nothing is known, the job
 *   retries later with backoff. A refusal for good (an invalid number, a blocked recipient) throws
 *   `ChannelRefused`: the message is marked failed and never retried.
 * - `ref` is our key for the message: a channel that supports it (an "out id", a client reference)
 *   is given it, so a retry after a lost answer does not send a second SMS.
 */
export interface OutboundMessage {
  /** Our reference for this outbound copy (stable across retries). */
  ref: string;
  /** The recipient's address on this channel: a mobile number for SMS. */
  to: string;
  text: string;
}

export interface OutboundChannel {
  /** Stored as `outbound_messages.channel` (the medium: `sms`). */
  readonly name: string;
  send(msg: OutboundMessage): Promise<{ providerId: string }>;
}

/** The channel did not answer, or answered it could not now: try again later, nothing is known. */
export class ChannelUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelUnavailable';
  }
}

/** The channel refused this message for good (invalid number, blocked recipient): do not retry. */
export class ChannelRefused extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ChannelRefused';
  }
}
