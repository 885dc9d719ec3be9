import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Session } from './harness.ts';

/** The text of a PDF as poppler's pdftotext reads it (`args` before the file, e.g. ['-layout']); the temporary file is removed. */
export function pdfToText(bytes: Buffer, args: string[] = []): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-text-'));
  const file = path.join(dir, 'doc.pdf');
  try {
    fs.writeFileSync(file, bytes);
    return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * A case's document (`GET /api/cases/:id/documents/:kind`) read by `s`, as text; the request must answer a PDF.
 * `space` replaces each run of white space (pdftotext breaks Chinese lines where the PDF wraps them).
 */
export async function caseDocumentText(s: Session, caseId: string, kind: string, space = ''): Promise<string> {
  const res = await s.get(`/api/cases/${caseId}/documents/${kind}`);
  assert.equal(res.statusCode, 200, res.body);
  assert.equal(res.headers['content-type'], 'application/pdf');
  return pdfToText(res.rawPayload).replace(/\s+/g, space);
}
