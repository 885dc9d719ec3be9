/**
 * The web app's copy of the error codes, `web/src/api/errorCodes.ts`, rendered from the catalogue.
 * `npm run gen:error-codes` writes it; `errors.test.ts` fails when the committed file is out of date.
 */
import { ERROR_CODES } from './errors.catalog.ts';

export const WEB_ERROR_CODES_FILE = 'web/src/api/errorCodes.ts';

export function renderWebErrorCodes(): string {
  return [
    '// Generated from server/src/lib/errors.catalog.ts by `npm run gen:error-codes`: do not edit.',
    '// Every code the API answers errors with: `{ code, field?, message: { zh, en }, details? }`.',
    'export const ERROR_CODES = [',
    ...ERROR_CODES.map((code) => `  '${code}',`),
    '] as const;',
    '',
    'export type ErrorCode = (typeof ERROR_CODES)[number];',
    '',
    'export const isErrorCode = (code: unknown): code is ErrorCode => (ERROR_CODES as readonly unknown[]).includes(code);',
    '',
  ].join('\n');
}
