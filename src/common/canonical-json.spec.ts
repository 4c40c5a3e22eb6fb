import fc from 'fast-check';
import { canonicalJson } from './canonical-json';

describe('canonicalJson', () => {
  it('sorts keys at every level and leaves out undefined properties', () => {
    const at = new Date('2026-12-07T01:02:03.004Z');
    expect(canonicalJson({ b: [{ z: 1, a: undefined, m: at }], a: '日本', c: undefined })).toBe(
      '{"a":"日本","b":[{"m":"2026-12-07T01:02:03.004Z","z":1}]}',
    );
  });

  it('puts array-index keys first, in numeric order, as JavaScript keeps them (every chain hash depends on it)', () => {
    expect(canonicalJson({ b: 1, '10': 2, '9': 3, '': 4, '01': 5 })).toBe(
      '{"9":3,"10":2,"":4,"01":5,"b":1}',
    );
  });

  it('does not depend on the order keys were written in', () => {
    fc.assert(
      fc.property(fc.dictionary(fc.string(), fc.jsonValue()), (record) => {
        const reversed = Object.fromEntries(Object.entries(record).reverse());
        expect(canonicalJson(reversed)).toBe(canonicalJson(record));
      }),
    );
  });
});
