import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * AES-256-GCM for the few fields that must be readable again (bank account numbers, webhook
 * secrets). A value is stored as `<keyId>.<iv>.<tag>.<ciphertext>` (base64url parts): the key id
 * picks the key on decryption, so rotating ENCRYPTION_KEY_ID to a new key keeps old rows readable
 * as long as their key stays in ENCRYPTION_KEYS.
 */
export class FieldEncryption {
  private readonly keys: Map<string, Buffer>;

  /**
   * @param keyring `id:base64key,id:base64key` — every key ever used; 32-byte keys.
   * @param currentKeyId the key new values are encrypted with.
   */
  constructor(
    keyring: string,
    private readonly currentKeyId: string,
  ) {
    this.keys = parseKeyring(keyring);
    if (!this.keys.has(currentKeyId)) {
      throw new Error(`ENCRYPTION_KEY_ID ${currentKeyId} is not in ENCRYPTION_KEYS`);
    }
  }

  encrypt(plaintext: string, associatedData = ''): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.currentKeyId)!, iv);
    cipher.setAAD(Buffer.from(associatedData, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [this.currentKeyId, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws when the value was tampered with, or its key is no longer in the keyring. */
  decrypt(stored: string, associatedData = ''): string {
    const [keyId, iv, tag, ciphertext] = stored.split('.');
    const key = this.keys.get(keyId);
    if (!key || !iv || !tag || ciphertext === undefined) {
      throw new Error(`cannot decrypt: unknown key "${keyId}" or malformed value`);
    }
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64url')),
      decipher.final(),
    ]).toString('utf8');
  }

  /** The id of the key a stored value was encrypted with (to find rows due for re-encryption). */
  static keyIdOf(stored: string): string {
    return stored.split('.', 1)[0];
  }
}

export function parseKeyring(keyring: string): Map<string, Buffer> {
  const keys = new Map<string, Buffer>();
  for (const entry of keyring
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const [id, material] = entry.split(':');
    const key = Buffer.from(material ?? '', 'base64');
    if (!/^[A-Za-z0-9_-]{1,32}$/.test(id ?? '') || key.length !== 32) {
      throw new Error('ENCRYPTION_KEYS entries must be <id>:<base64 of 32 bytes>');
    }
    keys.set(id, key);
  }
  return keys;
}

/** `•••• 6789`: the only form an account number takes in a response or a log line. */
export function maskLast4(value: string): string {
  return `•••• ${value.slice(-4)}`;
}
