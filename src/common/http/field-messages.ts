import type { FieldError } from '../errors/app-error';

/**
 * class-validator's messages (`title.en must be shorter than or equal to 200 characters`) in
 * Japanese, for `Accept-Language: ja`: the portal shows them under the fields they name. A
 * message no pattern knows stays as it is (English): the field still says where the problem is.
 */
const JA: [RegExp, (m: RegExpExecArray) => string][] = [
  [/should not be empty$/, () => '入力してください'],
  [
    /must be longer than or equal to (\d+) characters?$/,
    (m) => `${m[1]}文字以上で入力してください`,
  ],
  [
    /must be shorter than or equal to (\d+) characters?$/,
    (m) => `${m[1]}文字以内で入力してください`,
  ],
  [/must be an integer number$/, () => '整数で入力してください'],
  [/must be a number conforming to the specified constraints$/, () => '数値で入力してください'],
  [/must not be less than (-?[\d.]+)$/, (m) => `${m[1]}以上の値を入力してください`],
  [/must not be greater than (-?[\d.]+)$/, (m) => `${m[1]}以下の値を入力してください`],
  [/must be a UUID$/, () => 'UUID 形式で指定してください'],
  [/must be an email$/, () => 'メールアドレスの形式で入力してください'],
  [/must be a string$/, () => '文字列で入力してください'],
  [/must be a boolean value$/, () => 'true か false で指定してください'],
  [/must be an array$/, () => '配列で指定してください'],
  [/must be an object$/, () => 'オブジェクトで指定してください'],
  [/must be one of the following values: (.+)$/, (m) => `次のいずれかを指定してください: ${m[1]}`],
  [/must contain at least (\d+) elements?$/, (m) => `${m[1]}件以上必要です`],
  [/must contain no more than (\d+) elements?$/, (m) => `${m[1]}件以内にしてください`],
  [/must be a valid ISO 8601 date string$/, () => '日付の形式が正しくありません (YYYY-MM-DD)'],
  [/must be YYYY-MM-DD$/, () => '日付は YYYY-MM-DD の形式で入力してください'],
  [/^property \S+ should not exist$/, () => 'この項目は指定できません'],
  [/^an unknown value was passed to the validate function$/, () => '値が不正です'],
  [/^too large$/, () => '大きすぎます'],
  [/^malformed JSON$/, () => 'JSON の形式が正しくありません'],
];

export function localizeFieldErrors(errors: FieldError[], locale: 'en' | 'ja'): FieldError[] {
  if (locale !== 'ja') return errors;
  return errors.map((error) => {
    for (const [pattern, ja] of JA) {
      const match = pattern.exec(error.message);
      if (match) return { ...error, message: ja(match) };
    }
    return error;
  });
}
