import assert from 'node:assert/strict';
import { test } from 'node:test';
import { prefersMinimalReturn } from './prefer.ts';

test('Prefer: return=minimal is read as RFC 7240 writes it, and anything else means no preference', () => {
  for (const yes of ['return=minimal', 'RETURN=Minimal', ' return = minimal ', 'respond-async, return=minimal', 'return="minimal"', 'return=minimal; foo=bar', ['wait=10', 'return=minimal']]) {
    assert.equal(prefersMinimalReturn(yes), true, JSON.stringify(yes));
  }
  for (const no of [undefined, '', 'return=representation', 'return', 'return=minimalist', 'minimal', 'handling=lenient', 'return=representation, return=minimal', ',,;=', []]) {
    assert.equal(prefersMinimalReturn(no), false, JSON.stringify(no));
  }
});
