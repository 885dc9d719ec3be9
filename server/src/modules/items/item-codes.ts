/**
 * The two codes of a service item (DESIGN §4):
 * - basic code, 12 digits: region 2 ("00" national list, else province prefix) + type 2 + main 5 + sub 3;
 * - implementation code, 31 characters: implementing body's credit code 18 + level 1 + basic code 12.
 */
import { errorText, type Bilingual } from '../../lib/errors.ts';
import { checkCreditCode } from '../../lib/identity.ts';
import { ITEM_LEVELS, ITEM_TYPES, type ItemLevel, type ItemType } from './items.schemas.ts';

export type ItemCodeRule =
  | 'BASIC_CODE_FORMAT'
  | 'BASIC_CODE_TYPE'
  | 'IMPLEMENTATION_CODE_FORMAT'
  | 'IMPLEMENTATION_CODE_CREDIT_CODE'
  | 'IMPLEMENTATION_CODE_LEVEL';

/** The message of each rule, from the error catalogue (the rules are error codes of their own). */
export const ITEM_CODE_RULE_MESSAGES = Object.fromEntries(
  (['BASIC_CODE_FORMAT', 'BASIC_CODE_TYPE', 'IMPLEMENTATION_CODE_FORMAT', 'IMPLEMENTATION_CODE_CREDIT_CODE', 'IMPLEMENTATION_CODE_LEVEL'] as const)
    .map((rule) => [rule, errorText(rule)]),
) as Record<ItemCodeRule, Bilingual>;

export interface BasicCodeParts {
  codeRegion: string;
  type: ItemType;
  codeMain: string;
  codeSub: string;
}

export type BasicCodeCheck =
  | ({ ok: true; basicCode: string } & BasicCodeParts)
  | { ok: false; rule: 'BASIC_CODE_FORMAT' | 'BASIC_CODE_TYPE' };

export type ImplementationCodeCheck =
  | ({ ok: true; implementationCode: string; creditCode: string; level: ItemLevel; basicCode: string } & BasicCodeParts)
  | { ok: false; rule: ItemCodeRule };

const LEVEL_BY_DIGIT = new Map<string, ItemLevel>(
  (Object.entries(ITEM_LEVELS) as [ItemLevel, string][]).map(([level, digit]) => [digit, level]),
);

/** Joins the parts of a basic code; throws on malformed parts (a programming error, not user input). */
export function buildBasicCode(parts: { codeRegion: string; type: ItemType; codeMain: string; codeSub?: string }): string {
  const codeSub = parts.codeSub ?? '000';
  const code = parts.codeRegion + parts.type + parts.codeMain + codeSub;
  const r = parseBasicCode(code);
  if (!r.ok || r.codeRegion !== parts.codeRegion || r.codeMain !== parts.codeMain || r.codeSub !== codeSub) {
    throw new Error(`buildBasicCode: bad parts ${JSON.stringify(parts)}`);
  }
  return code;
}

/** Joins credit code, level digit and basic code; throws when any part is invalid. */
export function buildImplementationCode(creditCode18: string, level: ItemLevel, basicCode12: string): string {
  const code = creditCode18.toUpperCase() + ITEM_LEVELS[level] + basicCode12;
  const r = parseImplementationCode(code);
  if (!r.ok) throw new Error(`buildImplementationCode: ${r.rule} in ${code}`);
  return code;
}

export function parseBasicCode(s: string): BasicCodeCheck {
  if (!/^\d{12}$/.test(s)) return { ok: false, rule: 'BASIC_CODE_FORMAT' };
  const type = s.slice(2, 4);
  if (!(ITEM_TYPES as readonly string[]).includes(type)) return { ok: false, rule: 'BASIC_CODE_TYPE' };
  return {
    ok: true,
    basicCode: s,
    codeRegion: s.slice(0, 2),
    type: type as ItemType,
    codeMain: s.slice(4, 9),
    codeSub: s.slice(9, 12),
  };
}

/** Checks, in order: length and charset, the embedded credit code, the level digit, the basic code. */
export function parseImplementationCode(s: string): ImplementationCodeCheck {
  const code = s.toUpperCase();
  if (!/^[0-9A-Z]{18}\d{13}$/.test(code)) return { ok: false, rule: 'IMPLEMENTATION_CODE_FORMAT' };
  const credit = checkCreditCode(code.slice(0, 18));
  if (!credit.ok) return { ok: false, rule: 'IMPLEMENTATION_CODE_CREDIT_CODE' };
  const level = LEVEL_BY_DIGIT.get(code[18]!);
  if (!level) return { ok: false, rule: 'IMPLEMENTATION_CODE_LEVEL' };
  const basic = parseBasicCode(code.slice(19));
  if (!basic.ok) return basic;
  const { ok: _ok, ...parts } = basic;
  return { ok: true, implementationCode: code, creditCode: credit.creditCode, level, ...parts };
}
