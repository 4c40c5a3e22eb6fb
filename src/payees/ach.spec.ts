import fc from 'fast-check';
import { isValidAbaRoutingNumber, normaliseAchName } from './ach';

const WEIGHTS = [3, 7, 1, 3, 7, 1, 3, 7, 1];

describe('ABA routing number check digit', () => {
  it('accepts published routing numbers', () => {
    for (const routing of ['011000015', '021000021', '121000248', '091000019', '026009593']) {
      expect(isValidAbaRoutingNumber(routing)).toBe(true);
    }
  });

  it('refuses anything that is not 9 digits', () => {
    for (const bad of ['', '01100001', '0110000150', '01100001X', ' 11000015']) {
      expect(isValidAbaRoutingNumber(bad)).toBe(false);
    }
  });

  it('accepts exactly one check digit for any 8-digit prefix', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        (digits) => {
          const valid = Array.from({ length: 10 }, (_, d) => [...digits, d].join('')).filter(
            isValidAbaRoutingNumber,
          );
          expect(valid).toHaveLength(1);
          const sum = [...valid[0]].reduce((t, c, i) => t + WEIGHTS[i] * Number(c), 0);
          expect(sum % 10).toBe(0);
        },
      ),
    );
  });

  it('catches every single-digit typo', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }),
        fc.integer({ min: 0, max: 8 }),
        fc.integer({ min: 1, max: 9 }),
        (prefix, position, delta) => {
          const check = Array.from({ length: 10 }, (_, d) => [...prefix, d]).find((ds) =>
            isValidAbaRoutingNumber(ds.join('')),
          )!;
          const typo = [...check];
          typo[position] = (typo[position] + delta) % 10;
          expect(isValidAbaRoutingNumber(typo.join(''))).toBe(false);
        },
      ),
    );
  });
});

describe('ACH holder name', () => {
  it('upper-cases, drops accents, folds full-width letters and collapses spaces', () => {
    expect(normaliseAchName('  José   Núñez ')).toEqual({ name: 'JOSE NUNEZ' });
    expect(normaliseAchName('ｓａｉｎｔ paul')).toEqual({ name: 'SAINT PAUL' });
    expect(normaliseAchName("O'Brien & Sons, Inc.")).toEqual({ name: "O'BRIEN & SONS, INC." });
  });

  it('names a character NACHA cannot carry', () => {
    expect(normaliseAchName('Smith 山田')).toEqual({
      error: { field: 'holderName', message: '"山" cannot be written in an ACH holder name' },
    });
  });

  it('limits the name to 22 characters after normalisation', () => {
    expect(normaliseAchName('A'.repeat(22))).toEqual({ name: 'A'.repeat(22) });
    expect(normaliseAchName('A'.repeat(23))).toHaveProperty('error.field', 'holderName');
    expect(normaliseAchName('   ')).toHaveProperty('error.field', 'holderName');
  });
});
