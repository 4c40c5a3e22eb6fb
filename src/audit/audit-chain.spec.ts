import { randomUUID } from 'node:crypto';
import { chainBreak, chainHash, GENESIS_HASH } from './audit-chain';
import type { AuditEvent } from './audit-event.entity';

function next(previous: AuditEvent | null, data: Record<string, unknown> = {}): AuditEvent {
  const fields = {
    id: randomUUID(),
    seq: (previous?.seq ?? 0) + 1,
    occurredAt: new Date('2025-04-01T00:00:00.123Z'),
    actorId: null,
    actorType: 'system' as const,
    action: 'test.done',
    entityType: 'test',
    entityId: 'e1',
    data,
    requestId: null,
  };
  const prevHash = previous?.hash ?? GENESIS_HASH;
  return { ...fields, prevHash, hash: chainHash(prevHash, fields) };
}

describe('chainBreak', () => {
  const first = next(null, { b: 1, a: [1, { d: 2, c: 3 }] });
  const second = next(first);

  it('accepts a chain that starts from the genesis hash and continues without gaps', () => {
    expect(chainBreak(null, first)).toBeNull();
    expect(chainBreak(first, second)).toBeNull();
  });

  it('does not depend on the key order jsonb hands back', () => {
    expect(chainBreak(null, { ...first, data: { a: [1, { c: 3, d: 2 }], b: 1 } })).toBeNull();
  });

  it('names an edited event', () => {
    expect(chainBreak(null, { ...first, data: { b: 2, a: [1, { d: 2, c: 3 }] } })).toBe(
      'hash_mismatch',
    );
    expect(chainBreak(first, { ...second, occurredAt: new Date() })).toBe('hash_mismatch');
  });

  it('names a removed or reordered event', () => {
    expect(chainBreak(null, second)).toBe('seq_gap');
    expect(chainBreak(first, next(second))).toBe('seq_gap');
  });

  it('names an event re-hashed over a different predecessor', () => {
    const forged = { ...second, prevHash: GENESIS_HASH };
    expect(chainBreak(first, { ...forged, hash: chainHash(GENESIS_HASH, forged) })).toBe(
      'prev_hash_mismatch',
    );
  });
});
