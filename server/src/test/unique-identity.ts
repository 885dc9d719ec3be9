import { makeIdNumber } from '../lib/identity.ts';

/**
 * Distinct valid ID numbers within a test process, for fixtures that write rows with a unique ID
 * number (the experts of a center): the birth date moves a day per call, so the sequence digits may
 * repeat. Imports nothing of the harness, so domain fixtures can use it without an import cycle.
 */
let idSeq = 0;
export function uniqueIdNumber() {
  idSeq++;
  const day = new Date(Date.UTC(1970, 0, 1) + idSeq * 86_400_000).toISOString().slice(0, 10).replaceAll('-', '');
  return makeIdNumber('460100', day, String(100 + (idSeq % 800)));
}
