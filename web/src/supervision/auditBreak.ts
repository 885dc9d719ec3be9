import type { TFunction } from '../i18n';
import { enumLabel } from '../components/labels';

/**
 * Where and why the audit chain broke, in words (issue 14: no developer text on pages). The server
 * answers a stream id (`case:<id>`) and a reason code (`hash`, `gap` …); the page names the case and
 * says what the code means, keeping the id for the technician who traces it.
 */
export function auditBreak(t: TFunction, broken: { stream: string; seq: number; reason: string }): string {
  const [kind, id] = broken.stream.includes(':') ? broken.stream.split(/:(.*)/s, 2) as [string, string] : ['', broken.stream];
  const stream = kind === 'case' ? t('sup.audit.streamCase', { id }) : broken.stream;
  return t('sup.audit.brokenAt', { stream, seq: broken.seq, reason: enumLabel(t, 'sup.audit.reason', broken.reason) });
}
