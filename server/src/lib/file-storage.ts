import type { Readable } from 'node:stream';

/**
 * Where file bytes live. The database keeps the metadata and the SHA-256; the bytes go through
 * this interface so an object store can replace the disk without touching the services. The interface lives
 * here, below the modules, so the app context can name it; `modules/files/storage.ts` implements it.
 */
export interface StoredFile {
  key: string;
  sha256: string;
  size: number;
}

export interface FileStorage {
  /** Stores the whole stream or nothing: a stream cut short (over the limit, aborted) leaves no file. */
  put(source: Readable, opts: { maxBytes: number; accept?: (head: Buffer) => boolean }): Promise<StoredFile>;
  putBuffer(data: Buffer): Promise<StoredFile>;
  open(key: string): Readable;
  remove(key: string): Promise<void>;
}
