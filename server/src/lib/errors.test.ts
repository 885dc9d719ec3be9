import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CATALOG, ERROR_CODES, type ErrorDef } from './errors.catalog.ts';
import { renderWebErrorCodes, WEB_ERROR_CODES_FILE } from './errors.codegen.ts';
import { appError, DomainError, errors, errorText, isErrorCode, schemaError, schemaIssue } from './errors.ts';
import { errorBody } from './schemas.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const CJK = /[\u4e00-\u9fff]/;

describe('the error catalogue', () => {
  it('gives every code an error status and a Chinese and an English message', () => {
    assert.ok(ERROR_CODES.length > 100, 'the catalogue is loaded');
    for (const code of ERROR_CODES) {
      const def = CATALOG[code] as ErrorDef<unknown>;
      assert.match(code, /^[A-Z][A-Z0-9_]+$/, code);
      assert.ok(Number.isInteger(def.status) && def.status >= 400 && def.status < 600, `${code}: status ${def.status}`);
      const text = def.text(def.example);
      assert.ok(text.zh.trim().length > 0 && CJK.test(text.zh), `${code}: zh ${text.zh}`);
      assert.ok(text.en.trim().length > 0 && /[A-Za-z]/.test(text.en) && !CJK.test(text.en), `${code}: en ${text.en}`);
    }
  });

  it('makes errors with the declared status, the message of the parameters, the field and the details', () => {
    const e = errors.MATERIAL_UNKNOWN({ material: 'licence', field: 'materials', details: { at: 1 } });
    assert.ok(e instanceof DomainError);
    assert.deepEqual([e.code, e.status, e.field, e.details], ['MATERIAL_UNKNOWN', 400, 'materials', { at: 1 }]);
    assert.deepEqual(e.text, { zh: '事项没有材料「licence」', en: 'The item has no material "licence"' });
    const busy = appError('CASE_STATE_CONFLICT', { reason: 'BUSY' });
    assert.deepEqual([busy.status, busy.field, busy.details], [409, undefined, undefined]);
    assert.notDeepEqual(busy.text, appError('CASE_STATE_CONFLICT', { reason: 'STATE' }).text);
    assert.equal(errors.ITEM_NOT_ONLINE().status, 409);
    assert.equal(errors.HTTP_406({ detail: 'Not Acceptable' }).status, 406);
  });

  it('lets no other module make an error of its own', () => {
    const make = DomainError.make as unknown as (key: symbol, ...rest: unknown[]) => DomainError;
    assert.throws(() => make(Symbol('DomainError.make'), 'INTERNAL', { zh: '自编', en: 'made up' }), TypeError);
    assert.equal(isErrorCode('MATERIAL_UNKNOWN'), true);
    assert.equal(isErrorCode('MATERIAL_UNKNOWN_X'), false);
    assert.equal(isErrorCode('toString'), false, 'only own keys are codes');
  });

  it('turns a refinement issue into its own code and any other schema failure into VALIDATION_FAILED', () => {
    const own = schemaError({ field: 'password', rule: 'custom', ...schemaIssue('PASSWORD_WEAK') });
    assert.deepEqual([own.code, own.status, own.field, own.text], ['PASSWORD_WEAK', 400, 'password', errorText('PASSWORD_WEAK')]);
    const made = schemaError({ field: 'x', rule: 'custom', message: 'x', params: { code: 'NOT_A_CODE', textParams: {} } });
    assert.equal(made.code, 'VALIDATION_FAILED', 'a code missing from the catalogue is not passed on');
    const other = schemaError({ field: 'name', rule: 'too_small', message: 'Too small: expected string to have >=1 characters' });
    assert.deepEqual([other.code, other.field], ['VALIDATION_FAILED', 'name']);
    assert.match(other.text.zh, /「name」超出允许的长度或范围/);
  });

  it('lists every code in the OpenAPI error body', () => {
    const shape = errorBody.shape.code;
    assert.deepEqual([...shape.options].sort(), [...ERROR_CODES].sort());
    assert.equal(errorBody.safeParse({ code: 'MADE_UP', message: { zh: '自', en: 'x' } }).success, false);
  });

  it('is used: every code but the framework family is named somewhere in the server', () => {
    const source = sourceFiles().map((f) => fs.readFileSync(f, 'utf8')).join('\n');
    const unused = ERROR_CODES.filter((c) => !c.startsWith('HTTP_') && !new RegExp(`\\b${c}\\b`).test(source));
    assert.deepEqual(unused, []);
  });
});

// ---------------------------------------------------------------- no code outside the catalogue

/** Ways an error code used to be written inline; each finding is `file:line: text`. */
const INLINE = [
  { why: 'an old status factory with a literal code', re: /\b(?:badRequest|unauthorized|forbidden|notFound|conflict|locked|tooMany)\s*\(\s*['"`]/ },
  { why: 'a DomainError made directly', re: /\bnew DomainError\s*\(/ },
  { why: 'an upper-case code written as a literal', re: /\bcode\s*:\s*['"][A-Z][A-Z0-9_]{2,}['"]/ },
  { why: 'a code built from a template', re: /\bcode\s*:\s*`[A-Z]/ },
];

function inlineCodes(file: string, text: string): string[] {
  const found: string[] = [];
  text.split('\n').forEach((line, i) => {
    for (const { why, re } of INLINE) {
      // The class's own factory is the one place that may construct it.
      if (re.test(line) && !(why === 'a DomainError made directly' && file.endsWith(path.join('lib', 'errors.ts')))) found.push(`${file}:${i + 1}: ${why}: ${line.trim()}`);
    }
  });
  return found;
}

function sourceFiles(dir = path.join(root, 'server/src')): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(p);
    if (!e.name.endsWith('.ts') || e.name.endsWith('.test.ts')) return [];
    return p.endsWith(path.join('lib', 'errors.catalog.ts')) ? [] : [p];
  });
}

describe('error codes in the server code', () => {
  it('finds the inline forms it looks for', () => {
    const sample = [
      "throw badRequest('MATERIAL_UNKNOWN', { zh: '无', en: 'none' }, 'materials');",
      "  conflict(\n",
      "return new DomainError('X', 400, { zh: '无', en: 'none' });",
      "reply.code(404).send({ code: 'NOT_FOUND', message: { zh: '无', en: 'none' } });",
      "ctx.addIssue({ code: 'custom', params: { code: 'PASSWORD_WEAK' } });",
      "reply.send({ code: `HTTP_${status}` });",
    ].join('\n');
    assert.equal(inlineCodes('sample.ts', sample).length, 5, 'every form but the bare call with the code on the next line');
    assert.deepEqual(inlineCodes('ok.ts', "ctx.addIssue({ code: 'custom', ...schemaIssue('PASSWORD_WEAK') });\nthrow errors.ITEM_NOT_ONLINE();"), []);
  });

  it('has none outside the catalogue', () => {
    const files = sourceFiles();
    assert.ok(files.length > 50 && files.some((f) => f.endsWith('cases.service.ts')), 'the scan sees the server sources');
    const found = files.flatMap((f) => inlineCodes(path.relative(root, f), fs.readFileSync(f, 'utf8')));
    assert.deepEqual(found, [], 'declare the code in server/src/lib/errors.catalog.ts and throw it by name');
  });
});

describe('the web app\'s error codes', () => {
  it('are the catalogue\'s (run `npm run gen:error-codes` after changing the catalogue)', () => {
    assert.equal(fs.readFileSync(path.join(root, WEB_ERROR_CODES_FILE), 'utf8'), renderWebErrorCodes());
  });
});

// Compile-time checks (`npm run typecheck`): an unknown code or wrong parameters do not compile.
// Never called; the directives fail the typecheck if the line below them ever compiles.
export function typeChecks() {
  // @ts-expect-error an unknown code
  appError('MATERIAL_UNKNOWM', { material: 'x' });
  // @ts-expect-error parameters are required where the message names something
  errors.MATERIAL_UNKNOWN();
  // @ts-expect-error a parameter of the wrong name
  errors.MATERIAL_UNKNOWN({ materials: 'x' });
  // @ts-expect-error a code without parameters takes only where it points
  errors.ITEM_NOT_ONLINE({ material: 'x' });
  // @ts-expect-error refinements take catalogue codes too
  schemaIssue('PASSWORD_TOO_WEAK');
}
