import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { FileStorage, StoredFile } from '../../lib/file-storage.ts';

export type { FileStorage, StoredFile };

export class FileTooLargeError extends Error {}
export class FileContentRefusedError extends Error {}

/** Content-addressed files under one directory: `ab/cd/<sha256>`; the same bytes are stored once. */
export function diskStorage(root: string): FileStorage {
  const keyOf = (sha: string) => path.join(sha.slice(0, 2), sha.slice(2, 4), sha);
  const full = (key: string) => {
    const p = path.resolve(root, key);
    if (!p.startsWith(path.resolve(root) + path.sep)) throw new Error('storage key outside the storage root');
    return p;
  };

  async function commit(tmp: string, sha256: string, size: number): Promise<StoredFile> {
    const key = keyOf(sha256);
    await fs.mkdir(path.dirname(full(key)), { recursive: true });
    await fs.rename(tmp, full(key));
    return { key, sha256, size };
  }

  return {
    async put(source, { maxBytes, accept }) {
      await fs.mkdir(path.join(root, 'tmp'), { recursive: true });
      const tmp = path.join(root, 'tmp', randomUUID());
      const hash = createHash('sha256');
      let size = 0;
      let head: Buffer | null = accept ? Buffer.alloc(0) : null;
      const meter = new Transform({
        transform(chunk: Buffer, _enc, done) {
          size += chunk.length;
          if (head) {
            head = Buffer.concat([head, chunk]);
            if (head.length >= 16) {
              if (!accept!(head)) return done(new FileContentRefusedError('content does not match its type'));
              head = null;
            }
          }
          if (size > maxBytes) return done(new FileTooLargeError(`over ${maxBytes} bytes`));
          hash.update(chunk);
          done(null, chunk);
        },
      });
      try {
        await pipeline(source, meter, createWriteStream(tmp));
        if (head && !accept!(head)) throw new FileContentRefusedError('content does not match its type');
        // Multipart parsers end a file at their limit without an error: they mark it truncated.
        if ((source as Readable & { truncated?: boolean }).truncated) throw new FileTooLargeError('truncated at the limit');
        return await commit(tmp, hash.digest('hex'), size);
      } catch (err) {
        await fs.rm(tmp, { force: true });
        throw err;
      }
    },
    async putBuffer(data) {
      await fs.mkdir(path.join(root, 'tmp'), { recursive: true });
      const tmp = path.join(root, 'tmp', randomUUID());
      await fs.writeFile(tmp, data);
      return commit(tmp, createHash('sha256').update(data).digest('hex'), data.length);
    },
    open: (key) => createReadStream(full(key)),
    remove: (key) => fs.rm(full(key), { force: true }),
  };
}
