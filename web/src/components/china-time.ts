/** A `datetime-local` value, in China time as every clock the pages show, as an instant. */
export const fromChinaLocal = (v: string): string => new Date(`${v}:00+08:00`).toISOString();

/** An instant as a `datetime-local` value in China time, minute precision ('' for none). */
export const toChinaLocal = (iso: string | null): string => (iso ? new Date(new Date(iso).getTime() + 8 * 3600_000).toISOString().slice(0, 16) : '');
