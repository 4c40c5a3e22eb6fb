import { randomBytes } from 'node:crypto';
import { FieldEncryption, maskLast4 } from './field-encryption';

const key = () => randomBytes(32).toString('base64');

describe('FieldEncryption', () => {
  const k1 = key();
  const k2 = key();

  it('round-trips text and never stores it in the clear', () => {
    const enc = new FieldEncryption(`k1:${k1}`, 'k1');
    const stored = enc.encrypt('12345678901234567');
    expect(stored).not.toContain('12345678901234567');
    expect(stored.startsWith('k1.')).toBe(true);
    expect(enc.decrypt(stored)).toBe('12345678901234567');
  });

  it('uses a fresh IV every time', () => {
    const enc = new FieldEncryption(`k1:${k1}`, 'k1');
    expect(enc.encrypt('same')).not.toBe(enc.encrypt('same'));
  });

  it('keeps values of a rotated-out key readable while that key stays in the keyring', () => {
    const old = new FieldEncryption(`k1:${k1}`, 'k1').encrypt('0001234');
    const rotated = new FieldEncryption(`k1:${k1},k2:${k2}`, 'k2');
    expect(rotated.decrypt(old)).toBe('0001234');
    expect(FieldEncryption.keyIdOf(rotated.encrypt('x'))).toBe('k2');
  });

  it('refuses a tampered value, a wrong associated datum, and an unknown key', () => {
    const enc = new FieldEncryption(`k1:${k1}`, 'k1');
    const stored = enc.encrypt('secret', 'payee:1');
    const parts = stored.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => enc.decrypt(parts.join('.'), 'payee:1')).toThrow();
    expect(() => enc.decrypt(stored, 'payee:2')).toThrow();
    expect(() => new FieldEncryption(`k2:${k2}`, 'k2').decrypt(stored, 'payee:1')).toThrow(
      /unknown key/,
    );
  });

  it('refuses a keyring without the current key or with a short key', () => {
    expect(() => new FieldEncryption(`k1:${k1}`, 'k9')).toThrow(/ENCRYPTION_KEY_ID/);
    expect(() => new FieldEncryption(`k1:${randomBytes(16).toString('base64')}`, 'k1')).toThrow(
      /32 bytes/,
    );
  });

  it('masks to the last four characters', () => {
    expect(maskLast4('12345678')).toBe('•••• 5678');
  });
});
