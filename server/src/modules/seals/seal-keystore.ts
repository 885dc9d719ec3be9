import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * The e-seals' private keys at rest. The database holds each SM2 private key encrypted with the
 * master key of SEAL_KEY_FILE (never in the database, never in a log or an answer): SM4-CBC with a
 * random IV, then HMAC-SM3 over the whole record (encrypt-then-MAC), with the seal id and key
 * version in the MAC, so a ciphertext copied onto another seal's row does not decrypt.
 *
 * Record: `sm4hmac1.<master key id>.<iv>.<ciphertext>.<mac>` (base64url). The master key id (the
 * first 16 hex of SM3 of the key) tells a wrong SEAL_KEY_FILE apart from a damaged record.
 */
interface MasterKey { id: string; enc: Buffer; mac: Buffer }

const cache = new Map<string, MasterKey>();

/** A 32-byte key for one purpose, derived from the master key of this file (HMAC-SHA-256 of `label`); never stored. */
export function masterDerivedKey(file: string, label: string): Buffer {
  return createHmac('sha256', sealMasterKey(file).mac).update(label).digest();
}

/** The master key of this file, made at first use (32 random bytes, hex, mode 0600; its folder 0700). */
export function sealMasterKey(file: string): MasterKey {
  const cached = cache.get(file);
  if (cached) return cached;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const fresh = `${randomBytes(32).toString('hex')}\n`;
    try {
      fs.writeFileSync(file, fresh, { mode: 0o600, flag: 'wx' });
      text = fresh;
    } catch (e) {
      // Several instances starting together: the first write wins, the others read it.
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      text = fs.readFileSync(file, 'utf8');
    }
  }
  const hex = text.trim();
  if (!/^[0-9a-f]{64}$/i.test(hex)) throw new Error(`SEAL_KEY_FILE ${file} must hold 32 bytes as 64 hex digits`);
  const raw = Buffer.from(hex, 'hex');
  // Two keys from one: SM4 takes 16 bytes, the MAC key is independent of it.
  const key: MasterKey = {
    id: createHash('sm3').update(raw).digest('hex').slice(0, 16),
    enc: createHmac('sm3', raw).update('onewindow seal key encryption').digest().subarray(0, 16),
    mac: createHmac('sm3', raw).update('onewindow seal key authentication').digest(),
  };
  cache.set(file, key);
  return key;
}

const b64 = (b: Buffer) => b.toString('base64url');
const macOf = (key: MasterKey, binding: string, iv: Buffer, ct: Buffer) =>
  createHmac('sm3', key.mac).update(`sm4hmac1|${key.id}|${binding}|`).update(iv).update(ct).digest();

/** `binding` names the row the key belongs to (seal id and version). */
export function encryptPrivateKey(key: MasterKey, binding: string, privateKeyHex: string): string {
  const iv = randomBytes(16);
  const cipher = createCipheriv('sm4-cbc', key.enc, iv);
  const ct = Buffer.concat([cipher.update(Buffer.from(privateKeyHex, 'hex')), cipher.final()]);
  return ['sm4hmac1', key.id, b64(iv), b64(ct), b64(macOf(key, binding, iv, ct))].join('.');
}

export class SealKeyUnavailable extends Error {}

export function decryptPrivateKey(key: MasterKey, binding: string, record: string): string {
  const [format, keyId, ivText, ctText, macText] = record.split('.');
  if (format !== 'sm4hmac1' || !ivText || !ctText || !macText) throw new SealKeyUnavailable('unknown key record format');
  if (keyId !== key.id) throw new SealKeyUnavailable(`the seal key was encrypted with master key ${keyId}, SEAL_KEY_FILE holds ${key.id}`);
  const iv = Buffer.from(ivText, 'base64url');
  const ct = Buffer.from(ctText, 'base64url');
  const mac = Buffer.from(macText, 'base64url');
  const expected = macOf(key, binding, iv, ct);
  if (mac.length !== expected.length || !timingSafeEqual(mac, expected)) throw new SealKeyUnavailable('the seal key record fails its integrity check');
  const decipher = createDecipheriv('sm4-cbc', key.enc, iv);
  return Buffer.concat([decipher.update(ct), decipher.final()]).toString('hex');
}
