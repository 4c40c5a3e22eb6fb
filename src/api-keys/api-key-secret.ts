import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** `sdg_<prefix>_<secret>`: the prefix finds the row, the secret (256 bits) proves possession. */
const KEY_PATTERN = /^sdg_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

export interface IssuedKey {
  key: string;
  prefix: string;
  keyHash: string;
}

export const sha256Hex = (value: string) => createHash('sha256').update(value).digest('hex');

export function issueApiKey(): IssuedKey {
  const prefix = randomBytes(6).toString('hex');
  const key = `sdg_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { key, prefix, keyHash: sha256Hex(key) };
}

/** The lookup prefix of a well-formed key; null for anything that cannot be one of ours. */
export function prefixOf(key: string): string | null {
  return KEY_PATTERN.exec(key)?.[1] ?? null;
}

export function keyMatches(key: string, keyHash: string): boolean {
  const actual = Buffer.from(sha256Hex(key), 'hex');
  const expected = Buffer.from(keyHash, 'hex');
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}
