import fc from 'fast-check';

/**
 * fast-check arbitraries made from the JSON schemas of the app's OpenAPI document (the fuzz test,
 * server/src/test/fuzz.test.ts): values that mostly follow the schema, so that requests get past
 * the first check and reach the services and the database, with hostile values mixed in at every
 * level (NUL, lone surrogates, bidirectional controls, huge numbers, wrong types, long strings).
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  default?: unknown;
};

/** Strings no input check should let reach the database or the file system unaltered. */
export const HOSTILE_STRINGS = [
  'a\u0000b', '\u0000', '\ud800', 'x\udfffy', '\u202eexe.pdf', 'a\u2066b\u2069', '\u200f', '\r\n\t',
  '../../etc/passwd', "'; DROP TABLE cases; --", '%00', '${jndi:x}', '=cmd|calc', '😀'.repeat(3),
  '9'.repeat(400), 'x'.repeat(5000), '', ' ', '__proto__', 'null', '-1', '1e309', '2026-02-30', '0000-00-00',
];

export const HOSTILE_VALUES: unknown[] = [
  ...HOSTILE_STRINGS, null, true, false, 0, -1, 1.5, 2 ** 31, 2 ** 53 + 1, -(2 ** 63), 1e308, -1e308,
  [], [null], {}, { __proto__: { polluted: true } }, { constructor: { prototype: { polluted: true } } },
];

export const hostile = fc.constantFrom(...HOSTILE_VALUES);
export const hostileString = fc.constantFrom(...HOSTILE_STRINGS);

export interface Resolver {
  resolve(s: JsonSchema): JsonSchema;
}

export function resolverOf(doc: { components?: { schemas?: Record<string, JsonSchema> } }): Resolver {
  return {
    resolve(s) {
      let cur = s;
      for (let i = 0; cur.$ref && i < 10; i++) {
        const name = cur.$ref.replace(/^#\/components\/schemas\//, '');
        cur = doc.components?.schemas?.[name] ?? {};
      }
      return cur;
    },
  };
}

/**
 * An arbitrary for `schema`: a value that follows it about `1 - hostileRate` of the time at each
 * node, else a hostile value. `pool` gives real ids (uuids of existing rows) for uuid strings.
 */
export function arbitraryOf(schema: JsonSchema, r: Resolver, pool: string[], depth = 0, hostileRate = 0.15): fc.Arbitrary<unknown> {
  const own = valid(r.resolve(schema), r, pool, depth, hostileRate);
  const weightHostile = Math.round(hostileRate * 100);
  return weightHostile === 0 ? own : fc.oneof({ arbitrary: own, weight: 100 - weightHostile }, { arbitrary: hostile, weight: weightHostile });
}

function valid(s: JsonSchema, r: Resolver, pool: string[], depth: number, rate: number): fc.Arbitrary<unknown> {
  if (s.const !== undefined) return fc.constant(s.const);
  if (s.enum) return fc.constantFrom(...s.enum);
  const alternatives = s.anyOf ?? s.oneOf;
  if (alternatives?.length) return fc.oneof(...alternatives.map((a) => arbitraryOf(a, r, pool, depth + 1, rate)));
  if (s.allOf?.length) return arbitraryOf(s.allOf[0]!, r, pool, depth + 1, rate);
  const types = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (types.length > 1) return fc.oneof(...types.map((t) => valid({ ...s, type: t }, r, pool, depth, rate)));
  switch (types[0]) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.oneof(
        fc.integer({ min: Math.max(s.minimum ?? -1000, -(2 ** 31)), max: Math.min(s.maximum ?? 1000, 2 ** 31 - 1) }),
        fc.constantFrom(0, 1, -1, 2 ** 53, 1e20),
      );
    case 'number':
      return fc.oneof(fc.double({ min: s.minimum ?? -1e6, max: s.maximum ?? 1e6, noNaN: true }), fc.constantFrom(1e308, -0, 0.1));
    case 'string':
      return stringOf(s, pool, rate > 0);
    case 'array': {
      if (depth > 6) return fc.constant([]);
      const items = s.items ? arbitraryOf(s.items, r, pool, depth + 1, rate) : hostile;
      return fc.array(items, { minLength: s.minItems ?? 0, maxLength: Math.min(s.maxItems ?? 4, 4) });
    }
    case 'object':
    default: {
      if (depth > 6) return fc.constant({});
      const props = s.properties ?? {};
      const required = new Set(s.required ?? []);
      const shape: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [k, v] of Object.entries(props)) shape[k] = arbitraryOf(v, r, pool, depth + 1, rate);
      const known = fc.record(shape, { requiredKeys: Object.keys(props).filter((k) => required.has(k)) });
      // Now and then a key the schema does not have, with a hostile name or value.
      if (rate === 0) return known;
      return fc.tuple(known, fc.option(fc.tuple(fc.oneof(hostileString, fc.string({ maxLength: 8 })), hostile), { freq: 6 }))
        .map(([o, extra]) => (extra ? { ...(o as object), [extra[0]]: extra[1] } : o));
    }
  }
}

function stringOf(s: JsonSchema, pool: string[], withHostile: boolean): fc.Arbitrary<string> {
  const max = Math.min(s.maxLength ?? 40, 60);
  const min = Math.min(s.minLength ?? 0, max);
  const options: fc.Arbitrary<string>[] = [fc.string({ minLength: min, maxLength: max, unit: 'grapheme' }), ...(withHostile ? [hostileString] : [])];
  if (s.format === 'uuid' || /\[0-9a-fA-F\]\{8\}/.test(s.pattern ?? '')) options.push(fc.uuid(), ...(pool.length ? [fc.constantFrom(...pool)] : []));
  if (s.format === 'date' || (s.pattern ?? '').includes('\\d{4}-\\d{2}-\\d{2}')) {
    options.push(fc.date({ min: new Date('1900-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)));
  }
  if (s.format === 'date-time') options.push(fc.date({ noInvalidDate: true }).map((d) => d.toISOString()));
  if ((s.pattern ?? '').includes('\\d')) options.push(fc.stringMatching(/^\d{1,20}$/));
  return fc.oneof(...options);
}
