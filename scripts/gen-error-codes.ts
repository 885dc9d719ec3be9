// Writes web/src/api/errorCodes.ts (the web app's union of error codes) from the server's error
// catalogue. Run: npm run gen:error-codes. server/src/lib/errors.test.ts fails when it is stale.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { renderWebErrorCodes, WEB_ERROR_CODES_FILE } from '../server/src/lib/errors.codegen.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
fs.writeFileSync(path.join(root, WEB_ERROR_CODES_FILE), renderWebErrorCodes());
console.log(`wrote ${WEB_ERROR_CODES_FILE}`);
