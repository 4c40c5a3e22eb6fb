import type { FieldError } from '../common/errors/app-error';

/** The Zengin recipient-name field holds at most 30 half-width characters (SPEC §8, bytes 51–80). */
export const ZENGIN_NAME_MAX = 30;

/**
 * Full-width katakana (without voicing marks, which NFD splits off) → half-width. Small kana
 * become their large forms, and the archaic ヰ ヱ the vowels, as banks register names.
 */
const HALF_WIDTH: Record<string, string> = Object.fromEntries([
  ...zip(
    'アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲン',
    'ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝ',
  ),
  ...zip('ァィゥェォャュョッヮヵヶヰヱ', 'ｱｲｳｴｵﾔﾕﾖﾂﾜｶｹｲｴ'),
  ['ー', '-'],
  ['\u3099', 'ﾞ'],
  ['\u309a', 'ﾟ'],
]);

function zip(from: string, to: string): [string, string][] {
  const a = [...from];
  const b = [...to];
  return a.map((char, i) => [char, b[i]]);
}

/** 0-9 A-Z, half-width kana (ｦ and ｱ–ﾝ), the voicing marks, space and ( ) . - / , */
const ZENGIN_CHAR = /^[0-9A-Z\uff66\uff71-\uff9d\uff9e\uff9f ().\-/,]$/;

/** One input character as half-width Zengin text (possibly several characters, e.g. ガ → ｶﾞ). */
function convertChar(char: string): string {
  // NFKC folds full-width ASCII, half-width kana (to full-width, recomposing ｶﾞ) and the ideographic
  // space; hiragana then shifts onto katakana; NFD splits the voicing marks back off.
  const spacingMarks = char.replace('\u309b', '\u3099').replace('\u309c', '\u309a');
  const katakana = spacingMarks
    .normalize('NFKC')
    .replace(/[\u3041-\u3096]/g, (h) => String.fromCharCode(h.charCodeAt(0) + 0x60))
    .normalize('NFD');
  return [...katakana].map((c) => HALF_WIDTH[c] ?? c.toUpperCase()).join('');
}

/**
 * A holder name in the Zengin character set (half-width katakana, upper-case latin, digits and a
 * few marks), converted from what people type: hiragana, full-width katakana or latin. A character
 * that has no Zengin form is an error naming it.
 */
export function toZenginKana(
  input: string,
  field = 'holderNameKana',
): { name: string } | { error: FieldError } {
  let out = '';
  for (const char of input) {
    const converted = convertChar(char);
    if (![...converted].every((c) => ZENGIN_CHAR.test(c))) {
      return { error: { field, message: `"${char}" cannot be written in Zengin characters` } };
    }
    out += converted;
  }
  const name = out.replace(/ +/g, ' ').trim();
  if (name.length < 1 || name.length > ZENGIN_NAME_MAX) {
    return {
      error: { field, message: `must be 1 to ${ZENGIN_NAME_MAX} half-width characters` },
    };
  }
  return { name };
}

/** Whether `text` is already entirely in the Zengin character set. */
export const isZenginText = (text: string) => [...text].every((c) => ZENGIN_CHAR.test(c));
