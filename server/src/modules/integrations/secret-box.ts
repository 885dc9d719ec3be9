import type { Db } from '../../db/database.ts';
import { openText, sealText } from '../../lib/aes-gcm.ts';
import { masterDerivedKey, sealMasterKey } from '../seals/seal-keystore.ts';
import * as repo from './integrations.repository.ts';

/**
 * Webhook signing secrets at rest (docs/open-api.md "Signing secrets at rest", docs/security.md).
 * A delivery must sign with the secret itself, so it cannot be hashed like an API key: it is
 * encrypted with AES-256-GCM under a key derived from the platform's master key file (SEAL_KEY_FILE,
 * the one that protects the e-seals' and the OIDC provider's private keys; never in the database),
 * with the subscription id as associated data, so a record copied onto another row does not open.
 *
 * Record: `a256gcm1.<master key id>.<iv>.<ciphertext>.<tag>` (base64url). The master key id tells a
 * wrong or replaced SEAL_KEY_FILE apart from a damaged record.
 */
const FORMAT = 'a256gcm1';

function boxKey(masterKeyFile: string) {
  return { id: sealMasterKey(masterKeyFile).id, key: masterDerivedKey(masterKeyFile, 'onewindow webhook signing secrets') };
}

export function encryptSecret(masterKeyFile: string, subscriptionId: string, secret: string): string {
  const { id, key } = boxKey(masterKeyFile);
  const { iv, ct, tag } = sealText(key, `${id}|${subscriptionId}`, secret);
  return [FORMAT, id, iv, ct, tag].join('.');
}

/** The secret of a record; throws a message naming the cause (never the secret) when it cannot be opened. */
export function decryptSecret(masterKeyFile: string, subscriptionId: string, record: string): string {
  const [format, keyId, iv, ct, tag] = record.split('.');
  if (format !== FORMAT || !keyId || !iv || !ct || !tag) throw new Error(`subscription ${subscriptionId}: unknown signing secret record format`);
  const { id, key } = boxKey(masterKeyFile);
  if (keyId !== id) throw new Error(`subscription ${subscriptionId}: its signing secret was encrypted with master key ${keyId}, SEAL_KEY_FILE holds ${id}`);
  return openText(key, `${id}|${subscriptionId}`, { iv, ct, tag });
}

/**
 * The data half of migration 0048: encrypts every signing secret still kept in clear (written
 * before 0048) and clears the clear column, one row per statement under its row lock. Run by the
 * platform after migrating, at every start; a no-op once none is left. Answers how many it encrypted.
 */
export async function encryptClearSecrets(db: Db, masterKeyFile: string): Promise<number> {
  let n = 0;
  for (const id of await repo.subscriptionsWithClearSecret(db)) {
    await db.transaction().execute(async (tx) => {
      const row = await repo.clearSecretLocked(tx, id);
      if (!row?.secret) return;
      await repo.setSecretEncrypted(tx, id, encryptSecret(masterKeyFile, id, row.secret));
      n++;
    });
  }
  return n;
}
