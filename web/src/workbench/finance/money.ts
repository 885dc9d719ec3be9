/** Fen (integers, as the API gives them) as yuan with two decimals: 123456 → "1,234.56". */
export function yuan(fen: number | null | undefined): string {
  if (fen === null || fen === undefined) return '—';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  const whole = Math.floor(abs / 100).toLocaleString('en-US');
  return `${sign}${whole}.${String(abs % 100).padStart(2, '0')}`;
}

export const CHANNELS = ['sim_bank', 'bank_window'] as const;
export const ANOMALY_KINDS = ['missing_in_statement', 'missing_payment', 'amount_mismatch', 'duplicate_line', 'duplicate_payment', 'unknown_code'] as const;

/** A refund's status tag colour: paid back, refused by the channel, or on its way. */
export const refundColor = (status: string) => (status === 'succeeded' ? 'green' : status === 'failed' ? 'red' : 'blue');
