import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../../../config.ts';

/**
 * The simulated bank signs its notifications with an Ed25519 key of its own, kept in a file
 * (created with mode 0600 at first use, beside DATA_DIR like the audit key). Our side never reads
 * that private key: it verifies with the PUBLIC key file from configuration, as it would with a
 * real bank's published key (docs/security.md).
 */
export const simBankKeyFile = (config: Config): string => path.resolve(config.SIM_BANK_KEY_FILE ?? `${config.dataDir}-sim-bank-key.pem`);
export const simBankPublicKeyFile = (config: Config): string => path.resolve(config.SIM_BANK_PUBLIC_KEY_FILE ?? `${simBankKeyFile(config)}.pub`);

const privateKeys = new Map<string, KeyObject>();

/** The bank's private key (the bank's side only); creates the pair on first use. */
export function simBankPrivateKey(config: Config): KeyObject {
  const file = simBankKeyFile(config);
  const cached = privateKeys.get(file);
  if (cached) return cached;
  if (!fs.existsSync(file)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    try {
      fs.writeFileSync(file, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600, flag: 'wx' });
    } catch (err) {
      // Another instance made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  const key = createPrivateKey(fs.readFileSync(file, 'utf8'));
  const pub = `${file}.pub`;
  if (!fs.existsSync(pub)) fs.writeFileSync(pub, createPublicKey(key).export({ type: 'spki', format: 'pem' }));
  privateKeys.set(file, key);
  return key;
}

const publicKeys = new Map<string, KeyObject>();

/** The key our side verifies notifications with (configuration); null when there is none. */
export function simBankPublicKey(config: Config): KeyObject | null {
  const file = simBankPublicKeyFile(config);
  const cached = publicKeys.get(file);
  if (cached) return cached;
  // With the simulated bank on and no key given, the bank publishes its key at first start.
  if (!fs.existsSync(file) && config.SIM_BANK === 'on' && !config.SIM_BANK_PUBLIC_KEY_FILE) simBankPrivateKey(config);
  if (!fs.existsSync(file)) return null;
  const key = createPublicKey(fs.readFileSync(file, 'utf8'));
  publicKeys.set(file, key);
  return key;
}

export const signBody = (key: KeyObject, body: string): string => sign(null, Buffer.from(body, 'utf8'), key).toString('base64');

export function signatureValid(key: KeyObject, body: string, signature: string): boolean {
  if (!/^[A-Za-z0-9+/]{86}==$/.test(signature)) return false;
  try {
    return verify(null, Buffer.from(body, 'utf8'), key, Buffer.from(signature, 'base64'));
  } catch {
    return false;
  }
}
