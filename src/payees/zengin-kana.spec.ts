import fc from 'fast-check';
import { isZenginText, toZenginKana } from './zengin-kana';

const HIRAGANA =
  'あいうえおかきくけこさしすせそたちつてとなにぬねのはひふへほまみむめもやゆよらりるれろわをん';
const name = (input: string) => {
  const result = toZenginKana(input);
  if ('error' in result) throw new Error(result.error.message);
  return result.name;
};

describe('toZenginKana', () => {
  it('converts hiragana and full-width katakana to half-width katakana', () => {
    expect(name('やまだ たろう')).toBe('ﾔﾏﾀﾞ ﾀﾛｳ');
    expect(name('ヤマダ　タロウ')).toBe('ﾔﾏﾀﾞ ﾀﾛｳ');
    expect(name('ナガサキシ')).toBe('ﾅｶﾞｻｷｼ');
  });

  it('writes voicing marks as separate ﾞ and ﾟ', () => {
    expect(name('ガギグゲゴ')).toBe('ｶﾞｷﾞｸﾞｹﾞｺﾞ');
    expect(name('パピプペポ')).toBe('ﾊﾟﾋﾟﾌﾟﾍﾟﾎﾟ');
    expect(name('ヴ')).toBe('ｳﾞ');
    expect(name('ハ゛ス')).toBe('ﾊﾞｽ');
  });

  it('writes small kana large and the long vowel mark as a hyphen', () => {
    expect(name('キャッシュ')).toBe('ｷﾔﾂｼﾕ');
    expect(name('ｧｨｩｪｫｬｭｮｯ')).toBe('ｱｲｳｴｵﾔﾕﾖﾂ');
    expect(name('パーティー')).toBe('ﾊﾟ-ﾃｲ-');
    expect(name('ｺｰﾋｰ')).toBe('ｺ-ﾋ-');
  });

  it('folds full-width and lower-case latin to upper-case ASCII', () => {
    expect(name('ｔａｒｏ Ｙａｍａｄａ')).toBe('TARO YAMADA');
    expect(name('abc (1).-/2')).toBe('ABC (1).-/2');
  });

  it('keeps text already in Zengin characters as it is', () => {
    expect(name('ｶ)ﾆﾁﾍﾞｲ')).toBe('ｶ)ﾆﾁﾍﾞｲ');
  });

  it('names the first character that has no Zengin form', () => {
    expect(toZenginKana('山田 タロウ')).toEqual({
      error: { field: 'holderNameKana', message: '"山" cannot be written in Zengin characters' },
    });
    expect(toZenginKana('タロウ!')).toHaveProperty(
      'error.message',
      '"!" cannot be written in Zengin characters',
    );
  });

  it('allows at most 30 half-width characters, counting split voicing marks', () => {
    expect(name('ア'.repeat(30))).toHaveLength(30);
    expect(toZenginKana('ガ'.repeat(16))).toHaveProperty('error.field', 'holderNameKana');
    expect(toZenginKana('　')).toHaveProperty('error.field', 'holderNameKana');
  });

  it('turns any hiragana text into Zengin text, the same as its katakana', () => {
    const hiragana = fc
      .array(fc.constantFrom(...HIRAGANA), { minLength: 1, maxLength: 10 })
      .map((cs) => cs.join(''));
    fc.assert(
      fc.property(hiragana, (text) => {
        const converted = name(text);
        expect(isZenginText(converted)).toBe(true);
        const katakana = text.replace(/[\u3041-\u3096]/g, (h) =>
          String.fromCharCode(h.charCodeAt(0) + 0x60),
        );
        expect(name(katakana)).toBe(converted);
      }),
    );
  });

  it('is idempotent: converting its own output changes nothing', () => {
    const input = fc
      .array(fc.constantFrom(...'アガパャッーあゔＡｂ1 ()-./ｶﾞ'), { minLength: 1, maxLength: 12 })
      .map((cs) => cs.join(''))
      .filter((s) => s.trim().length > 0);
    fc.assert(
      fc.property(input, (text) => {
        const result = toZenginKana(text);
        if ('name' in result) expect(name(result.name)).toBe(result.name);
      }),
    );
  });
});
