import type { Readable } from 'node:stream';
import type { AppContext } from '../../lib/context.ts';
import { errors, NOT_FOUND } from '../../lib/errors.ts';
import { authorize, caseScopeFilter, filePolicy, type Actor } from '../../policies/index.ts';
import { FileContentRefusedError, FileTooLargeError } from './storage.ts';
import * as repo from './files.repository.ts';
import { cleanFileName } from './file-name.ts';

/** Types a template or sample may have: documents people fill in or print. */
export const TEMPLATE_TYPES: Record<string, string> = {
  'application/pdf': '.pdf',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document': '.docx',
  'application/msword': '.doc',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': '.xlsx',
  'image/png': '.png',
  'image/jpeg': '.jpg',
};

// The leading bytes of each accepted type: a file whose bytes do not match its declared type is refused.
const MAGIC: Array<[string, number[]]> = [
  ['application/pdf', [0x25, 0x50, 0x44, 0x46]],
  ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', [0x50, 0x4b, 0x03, 0x04]],
  ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', [0x50, 0x4b, 0x03, 0x04]],
  ['application/msword', [0xd0, 0xcf, 0x11, 0xe0]],
  ['image/png', [0x89, 0x50, 0x4e, 0x47]],
  ['image/jpeg', [0xff, 0xd8, 0xff]],
];

export const FILE_TYPE_REFUSED = () => errors.FILE_TYPE_REFUSED({ field: 'file' });

/** Types an applicant's material may have: scans and PDFs. */
const MATERIAL_TYPES = new Set(['application/pdf', 'image/png', 'image/jpeg']);

export interface Upload { filename: string; mimetype: string; stream: Readable }

export function uploadTemplate(ctx: AppContext, actor: Actor & { centerId: string }, file: Upload) {
  return store(ctx, file, { allowed: (m) => m in TEMPLATE_TYPES, public: true, centerId: actor.centerId, uploadedBy: actor.id, ownerId: null });
}

/** A material file of an application: private to its uploader and to the staff of cases it is attached to. */
export function uploadMaterial(ctx: AppContext, actor: Actor, file: Upload) {
  return store(ctx, file, { allowed: (m) => MATERIAL_TYPES.has(m), public: false, centerId: actor.centerId, uploadedBy: actor.id, ownerId: actor.id });
}

async function store(ctx: AppContext, file: Upload, o: { allowed: (mime: string) => boolean; public: boolean; centerId: string | null; uploadedBy: string; ownerId: string | null }) {
  const magic = MAGIC.find(([mime]) => mime === file.mimetype);
  if (!magic || !o.allowed(file.mimetype)) throw FILE_TYPE_REFUSED();
  let stored;
  try {
    stored = await ctx.storage.put(file.stream, {
      maxBytes: ctx.config.UPLOAD_MAX_BYTES,
      accept: (head) => magic[1].every((b, i) => head[i] === b),
    });
  } catch (err) {
    if (err instanceof FileContentRefusedError) throw FILE_TYPE_REFUSED();
    if (err instanceof FileTooLargeError) {
      throw errors.FILE_TOO_LARGE({ limitMb: Math.round(ctx.config.UPLOAD_MAX_BYTES / 1048576), field: 'file' });
    }
    throw err;
  }
  const name = cleanFileName(file.filename, `file${TEMPLATE_TYPES[file.mimetype] ?? ''}`);
  const row = await repo.insertFile(ctx.db, {
    sha256: stored.sha256, name, mime: file.mimetype, size: stored.size, storageKey: stored.key,
    public: o.public, centerId: o.centerId, uploadedBy: o.uploadedBy, ownerId: o.ownerId,
  });
  return { ...row, size: Number(row.size), sha256: stored.sha256 };
}

/** Whether a private material file belongs to a case in the caller's case scope: asked only when that decides. */
async function attachedInScope(ctx: AppContext, actor: Actor | null, f: { public: boolean; owner_id: string | null; id: string }) {
  const scope = caseScopeFilter(actor);
  if (f.public || !scope || !f.owner_id || f.owner_id === actor!.id) return false;
  return repo.fileInStaffScope(ctx.db, f.id, scope);
}

export async function openFile(ctx: AppContext, actor: Actor | null, id: string) {
  const f = await repo.findFile(ctx.db, id);
  if (!f) throw NOT_FOUND({ zh: '文件', en: 'File' });
  authorize(filePolicy, actor, 'read', { ...f, attachedInScope: await attachedInScope(ctx, actor, f) });
  return { meta: f, stream: ctx.storage.open(f.storage_key) };
}

