/** The date in China (UTC+8 all year) `offsetDays` days from now, YYYY-MM-DD, whatever the browser's zone. */
export const chinaDay = (offsetDays = 0, now = Date.now()): string => new Date(now + 8 * 3600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);

/** A `datetime-local` value, in China time as every clock the pages show, as an instant. */
export const fromChinaLocal = (v: string): string => new Date(`${v}:00+08:00`).toISOString();

/** An instant as a `datetime-local` value in China time, minute precision ('' for none). */
export const toChinaLocal = (iso: string | null): string => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16) : '');

/**
 * An instant as China time (Asia/Shanghai, UTC+8 all year), 'YYYY-MM-DD HH:mm', whatever the browser's zone: the
 * trading pages show every time as the server and the law reckon it ('' for none).
 */
export const chinaDateTime = (iso: string | null | undefined): string => {
  if (!iso) return '';
  const ms = new Date(iso).getTime();
  return Number.isNaN(ms) ? iso : new Date(ms + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
};
