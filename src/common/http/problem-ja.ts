import type { FieldError } from '../errors/app-error';

/**
 * Problem documents in Japanese for `Accept-Language: ja` (the title comes from the code table).
 * The `detail`s the portal's users meet and class-validator's field messages are matched by
 * pattern; a message no pattern knows stays as it is (English), with its Japanese title above it.
 */
type Translation = [RegExp, (m: RegExpExecArray) => string];

const ENTITIES: Record<string, string> = {
  Application: '申請',
  Assignment: '審査の割当',
  Award: '交付決定',
  Report: '実績報告',
  Round: '募集回',
  Partnership: '姉妹都市提携',
  City: '都市',
  User: 'ユーザー',
  'Payee account': '振込先口座',
  Disbursement: '支払',
  'Payment run': '振込処理',
  Export: 'エクスポート',
  'API key': 'API キー',
};

const STATUSES: Record<string, string> = {
  draft: '下書き',
  awaiting_cosign: '相手都市の署名待ち',
  submitted: '提出済み',
  in_review: '審査中',
  approved: '採択',
  rejected: '不採択',
  waitlisted: '補欠',
  withdrawn: '取下げ',
  assigned: '割当済み',
  declined: '辞退済み',
  changes_requested: '修正依頼中',
  accepted: '受理済み',
  open: '受付中',
  closed: '締切済み',
  archived: 'アーカイブ済み',
  queued: '待機中',
  running: '処理中',
};

const THINGS: Record<string, string> = {
  application: '申請',
  assignment: '審査の割当',
  report: '実績報告',
  round: '募集回',
};

const REPORT_KINDS: Record<string, string> = { interim: '中間報告', final: '実績報告' };

const entity = (name: string) => ENTITIES[name] ?? name;
const side = (name: string) => (name === 'JP' ? '日本側' : '米国側');

/** `based in JP-04, the region of the JP city` (src/reviews/conflicts.ts) as a predicate. */
function conflictJa(reason: string): string {
  const user = /^a user of the (JP|US) city$/.exec(reason);
  if (user) return `${side(user[1])}の都市のユーザーです`;
  const affiliated = /^affiliated with the (JP|US) city$/.exec(reason);
  if (affiliated) return `${side(affiliated[1])}の都市と関係があります`;
  const region = /^based in (\S+), the region of the (JP|US) city$/.exec(reason);
  if (region) return `${side(region[2])}の都市と同じ地域（${region[1]}）に所在しています`;
  return reason;
}
const status = (name: string) => STATUSES[name] ?? name;

const DETAILS: Translation[] = [
  [/^(.+) not found$/, (m) => `${entity(m[1])}が見つかりません（または閲覧できません）`],
  [/^No such resource$/, () => 'そのようなリソースはありません'],
  [/^Wrong e-mail or password$/, () => 'メールアドレスまたはパスワードが正しくありません'],
  [
    /^Missing, invalid or expired credentials$/,
    () => '認証情報がないか、無効か、有効期限が切れています。ログインし直してください',
  ],
  [/^No session: log in again$/, () => 'セッションがありません。ログインし直してください'],
  [/^The request has invalid fields$/, () => '入力内容に誤りがあります'],
  [/^The request body is not valid JSON$/, () => 'リクエスト本文が JSON として正しくありません'],
  [/^The request body is larger than the limit$/, () => 'リクエスト本文が大きすぎます'],
  [/^The id must be a UUID$/, () => 'ID の形式が正しくありません'],
  [
    /^A user with this e-mail already exists$/,
    () => 'このメールアドレスのユーザーは既に存在します',
  ],
  [/^An admin cannot change their own role$/, () => '管理者は自分自身のロールを変更できません'],
  [/^An admin cannot deactivate themselves$/, () => '管理者は自分自身を無効にできません'],
  [/^The API key is already revoked$/, () => 'この API キーは既に失効しています'],
  [
    /^The webhook is disabled; enable it first$/,
    () => 'この Webhook は無効です。先に有効にしてください',
  ],
  [/^The delivery is still pending$/, () => 'この配信はまだ処理中です'],
  [/^A round with code (\S+) already exists$/, (m) => `コード ${m[1]} の募集回は既に存在します`],
  [/^The (\w+) role may not do this$/, () => 'このロールではこの操作はできません'],
  [
    /^A \w+ may not .+ an? (\w+)$/,
    (m) => `この${THINGS[m[1]] ?? m[1]}に対してこの操作はできません`,
  ],
  [
    /^Cannot .+ an? (\w+) that is (\w+)$/,
    (m) => `この${THINGS[m[1]] ?? m[1]}は現在「${status(m[2])}」のため、この操作はできません`,
  ],
  [
    /^Cannot \w+ a round whose status is (\w+)$/,
    (m) => `募集回が「${status(m[1])}」のため、この操作はできません`,
  ],
  [/^The round is (\w+), not open$/, (m) => `募集回が「${status(m[1])}」で、受付中ではありません`],
  [
    /^The round closed at (.+); it no longer accepts signatures$/,
    (m) => `募集回は ${m[1]} に締め切られたため、署名できません`,
  ],
  [/^The round opens at (.+)$/, (m) => `募集回の受付開始は ${m[1]} です`],
  // Each missing setting is also a field error (FIELDS below words them).
  [
    /^The round cannot open: (.+)$/,
    (m) =>
      `募集回の受付を開始できません：${m[1]
        .split('; ')
        .map((problem) => translate(FIELDS, problem))
        .join('／')}`,
  ],
  [
    /^The application changed since you read it; its contentHash is now (\w+)$/,
    (m) =>
      `読み込んだ後に申請内容が変更されました（現在のハッシュ: ${m[1]}）。再読み込みしてください`,
  ],
  [
    /^The (JP|US) side already signed this application$/,
    (m) => `${m[1] === 'JP' ? '日本側' : '米国側'}はすでにこの申請に署名しています`,
  ],
  [
    /^This partnership already has an application in this round; withdraw it to start another$/,
    () =>
      'この提携はこの募集回にすでに申請しています。新たに申請するには既存の申請を取り下げてください',
  ],
  [/^The partnership is inactive; it cannot apply$/, () => 'この提携は無効のため申請できません'],
  [/^The project cannot end before it starts$/, () => '事業の終了日が開始日より前になっています'],
  [/^The round has no rubric to score against$/, () => 'この募集回には評価基準がありません'],
  [
    /^Conflict of interest: the reviewer is (.+)$/,
    (m) => `利益相反があるため割り当てられません（この審査員は${conflictJa(m[1])}）`,
  ],
  [/^Only an active reviewer can be assigned$/, () => '有効な審査員のみ割り当てられます'],
  [
    /^This reviewer is already assigned to this application$/,
    () => 'この審査員はすでにこの申請に割り当てられています',
  ],
  [
    /^This reviewer declined this application; they are not assigned it again$/,
    () => 'この審査員はこの申請を辞退したため、再び割り当てることはできません',
  ],
  [
    /^The round is (\w+); reviewers are assigned only while it is open or closed$/,
    (m) => `募集回が「${status(m[1])}」のため割り当てできません（受付中または締切後のみ）`,
  ],
  // Decisions (src/awards): why an approval was refused, in the office's words.
  [
    /^Approval needs (\d+) submitted reviews; this application has (\d+)$/,
    (m) => `採択には提出済みの審査が${m[1]}件必要です（この申請は${m[2]}件）`,
  ],
  [
    /^The (JP|US) side requested nothing in (\w+)$/,
    (m) => `${side(m[1])}は${m[2]}での申請額がありません`,
  ],
  [
    /^The (JP|US) side is awarded (.+), more than its request of (.+)$/,
    (m) => `${side(m[1])}の交付額 ${m[2]} が申請額 ${m[3]} を超えています`,
  ],
  [
    /^The (JP|US) side is awarded in two currencies; a side is paid in one$/,
    (m) => `${side(m[1])}に二つの通貨で交付しようとしています。交付は片側につき一通貨です`,
  ],
  [
    /^(\w+) budget: (.+) remaining, (.+) requested$/,
    (m) => `${m[1]}の予算残額は ${m[2]} で、交付額 ${m[3]} を賄えません`,
  ],
  [/^The round has no (\w+) budget$/, (m) => `募集回に${m[1]}の予算がありません`],
  [
    /^The award does not fit the round’s remaining budget$/,
    () => '募集回の予算残額を超えるため交付できません',
  ],
  [/^This application already has an award$/, () => 'この申請にはすでに交付決定があります'],
  [
    /^Too many requests; retry after the time in Retry-After$/,
    () => 'リクエストが多すぎます。しばらく待ってから再試行してください',
  ],
  [/^The payee account has invalid fields$/, () => '振込先口座の入力内容に誤りがあります'],
  // Segregation of duties (SPEC §4), in the words of the finance pages.
  [
    /^Segregation of duties: an account is verified by someone other than who entered it$/,
    () =>
      '職務分掌のため、ご自身が登録した口座は確認できません。他の経理担当に確認を依頼してください',
  ],
  [
    /^Self-approval: the person who requested a payout cannot approve it$/,
    () =>
      '職務分掌のため、ご自身が申請した支払は承認できません。他の経理承認者に承認を依頼してください',
  ],
  [
    /^You have already approved this payout request$/,
    () => 'この支払申請はすでに承認済みです（同じ人が二度承認することはできません）',
  ],
  [
    /^Payment run (\S+) of this rail is (\w+); wait for it to finish$/,
    (m) => `この振込方式の振込処理（${m[1]}）が${status(m[2])}です。終了してから依頼してください`,
  ],
  [
    /^If-Match .+; the current ETag is .+$/,
    () => '読み込んだ後に他の人が更新しました。再読み込みしてください',
  ],
];

export function localizeDetail(detail: string, locale: 'en' | 'ja'): string {
  return locale === 'ja' ? translate(DETAILS, detail) : detail;
}

function translate(table: Translation[], message: string): string {
  for (const [pattern, ja] of table) {
    const match = pattern.exec(message);
    if (match) return ja(match);
  }
  return message;
}

/**
 * class-validator's messages (`title.en must be shorter than or equal to 200 characters`) in
 * Japanese: the portal shows them under the fields they name.
 */
const FIELDS: Translation[] = [
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
  [/must be (?:a date )?YYYY-MM-DD$/, () => '日付は YYYY-MM-DD の形式で入力してください'],
  [/must be a real calendar date$/, () => '実在する日付を入力してください'],
  [/^property \S+ should not exist$/, () => 'この項目は指定できません'],
  [/^an unknown value was passed to the validate function$/, () => '値が不正です'],
  [/^too large$/, () => '大きすぎます'],
  [/^malformed JSON$/, () => 'JSON の形式が正しくありません'],
  [/must be an integer from (\d+) to (\d+)$/, (m) => `${m[1]}〜${m[2]} の整数で入力してください`],
  [/^a recommendation is required$/, () => '推薦区分を選んでください'],
  [/^a score for \S+ is required$/, () => '点数を入力してください'],
  // Payee accounts (src/payees): the bank's rules, in the words a city's finance clerk uses.
  [
    /^\S+ is not a field of an? (ach|zengin) account$/,
    () => 'この口座の種類では指定できない項目です',
  ],
  [
    /^an ACH account is checking or savings$/,
    () => '当座（checking）か普通（savings）を選んでください',
  ],
  [
    /^routingNumber fails the ABA check digit$/,
    () => 'ABA ルーティング番号が正しくありません（検査数字が一致しません）',
  ],
  [
    /^a Zengin account is ordinary, current or savings$/,
    () => '普通・当座・貯蓄のいずれかを選んでください',
  ],
  [/^a Zengin account number is exactly 7 digits$/, () => '口座番号は7桁の数字で入力してください'],
  [/^no bank has the Zengin code (\d+)$/, (m) => `金融機関コード ${m[1]} の金融機関はありません`],
  [
    /^bank (\d+) has no branch with the code (\d+)$/,
    (m) => `金融機関 ${m[1]} に支店コード ${m[2]} の支店はありません`,
  ],
  [
    /^"(.+)" cannot be written in an ACH holder name$/,
    (m) => `「${m[1]}」は ACH の口座名義に使えません`,
  ],
  [
    /^"(.+)" cannot be written in Zengin characters$/,
    (m) => `「${m[1]}」は全銀の口座名義（カナ）に使えません`,
  ],
  [
    /^must be 1 to (\d+) half-width characters$/,
    (m) => `半角に変換して1〜${m[1]}文字にしてください`,
  ],
  [/^must be 1 to (\d+) characters after normalisation$/, (m) => `1〜${m[1]}文字にしてください`],
  // Assigning a reviewer (src/reviews).
  [/^not an active reviewer$/, () => '有効な審査員ではありません'],
  [/^conflict of interest: (.+)$/, (m) => `利益相反があります（この審査員は${conflictJa(m[1])}）`],
  // Opening a round (src/rounds/round-rules.ts), as the round page's checklist says it.
  [
    /^at least one budget with its maxAward is required$/,
    () => '少なくとも1つの通貨の予算と1件あたりの上限額が必要です',
  ],
  [/^the rubric has no criteria$/, () => '評価項目が1つもありません'],
  [
    /^tranche percents sum to (-?\d+), not 100$/,
    (m) => `支払回の割合の合計が${m[1]}%です（100%にしてください）`,
  ],
  [
    /^a tranche releases on an accepted (interim|final) report, but no \1 report is required$/,
    (m) =>
      `${REPORT_KINDS[m[1]]}の受理で支払う支払回がありますが、${REPORT_KINDS[m[1]]}が求められていません`,
  ],
  [/^closesAt (\S+) has already passed$/, (m) => `締切日時（${m[1]}）を過ぎています`],
  [
    /^at least one reviewer per application is required$/,
    () => '1件あたり1人以上の審査員が必要です',
  ],
];

export function localizeFieldErrors(errors: FieldError[], locale: 'en' | 'ja'): FieldError[] {
  if (locale !== 'ja') return errors;
  return errors.map((error) => ({ ...error, message: translate(FIELDS, error.message) }));
}
