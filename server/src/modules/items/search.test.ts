import assert from 'node:assert/strict';
import { test } from 'node:test';
import { anyOfQuery, documentTokens, minimumMatches, tokenize } from './search.ts';

const doc = (name: string) => new Set(documentTokens({ name, basicCode: '000101001000', implementationCode: 'x' }));
const matches = (query: string, name: string) => {
  const q = tokenize(query);
  const d = doc(name);
  return q.filter((t) => d.has(t)).length >= minimumMatches(q.length);
};

test('tokenize cuts Chinese into characters and pairs, Latin into words', () => {
  assert.deepEqual(tokenize('施工证'), ['施', '施工', '工', '工证', '证']);
  assert.deepEqual(tokenize('Building Permit 2024'), ['building', 'permit', '2024']);
  assert.deepEqual(tokenize('ＡＢＣ'), ['abc'], 'full-width letters are folded by NFKC');
  assert.deepEqual(tokenize('  ,.;'), []);
});

test('施工许可 and 施工证 both find 建筑工程施工许可证核发; unrelated names do not match', () => {
  assert.ok(matches('施工许可', '建筑工程施工许可证核发'));
  assert.ok(matches('施工证', '建筑工程施工许可证核发'));
  assert.ok(!matches('施工证', '居民身份证办理'));
  assert.ok(!matches('婚姻登记', '建筑工程施工许可证核发'));
});

test('one wrong character is tolerated', () => {
  assert.ok(matches('建筑工程施工许可正核发', '建筑工程施工许可证核发'));
  assert.ok(matches('食品经营许可症', '食品经营许可'));
});

test('the tsquery text quotes every token', () => {
  assert.equal(anyOfQuery(['施工', 'abc']), "'施工' | 'abc'");
});

test('candidates are selected by pairs and words, single characters only for a one-character query', async () => {
  const { candidateTokens } = await import('./search.ts');
  assert.deepEqual(candidateTokens(tokenize('施工证')), ['施工', '工证']);
  assert.deepEqual(candidateTokens(tokenize('证')), ['证']);
  assert.deepEqual(candidateTokens(tokenize('permit 证')), ['permit']);
});
