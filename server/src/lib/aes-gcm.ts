import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for short secrets kept in the database (the OIDC provider's signing keys, the webhook
 * signing secrets): a random 96-bit IV, and associated data that binds the ciphertext to its row, so a
 * record copied onto another row does not open. Each caller frames the parts into its own record format.
 */
export function sealText(key: Buffer, aad: string, plain: string): { iv: string; ct: string; tag: string } {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad));
  const ct = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { iv: iv.toString('base64url'), ct: ct.toString('base64url'), tag: cipher.getAuthTag().toString('base64url') };
}

/** The text of parts made by `sealText` with the same key and associated data; throws when they were changed. */
export function openText(key: Buffer, aad: string, p: { iv: string; ct: string; tag: string }): string {
  const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(p.iv, 'base64url'));
  decipher.setAAD(Buffer.from(aad));
  decipher.setAuthTag(Buffer.from(p.tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(p.ct, 'base64url')), decipher.final()]).toString('utf8');
}
