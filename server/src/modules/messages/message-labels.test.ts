import assert from 'node:assert/strict';
import { test } from 'node:test';
import { zhMessages } from '../../../../web/src/i18n/zh.messages.ts';
import { APPLICANT_MESSAGE_KINDS } from '../notifications/applicant-messages.ts';
import { MESSAGE_GROUPS } from './messages.service.ts';

/**
 * The message centre names every kind of message and every group the platform sends, so the SMS settings never show a
 * code such as `trading.amended` to a person. The English dictionary is typed against the Chinese one (a missing key
 * fails the web typecheck), so the Chinese keys are the ones to check.
 */
const labels = new Set(Object.keys(zhMessages));

test('every kind an applicant can receive, and its group, has a name in the message centre', () => {
  const missing = APPLICANT_MESSAGE_KINDS.filter((k) => !labels.has(`msg.kind.${k}`));
  assert.deepEqual(missing, [], 'kinds without a name in web/src/i18n/zh.messages.ts and en.messages.ts');
  assert.deepEqual(MESSAGE_GROUPS.filter((g) => !labels.has(`msg.group.${g}`)), [], 'groups without a name');
  assert.deepEqual(MESSAGE_GROUPS, ['case', 'fee', 'licence', 'delivery', 'rating', 'workorder', 'hall', 'trading', 'disclosure'], 'the settings page\'s order (docs/messages.md)');
});
