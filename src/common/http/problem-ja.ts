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
  Refund: '返還',
  Export: 'エクスポート',
  'API key': 'API キー',
  Document: '添付書類',
  Settlement: '額の確定',
  Amendment: '変更申請',
  'Award version': '交付決定の版',
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
  requested: '承認待ち',
  recorded: '記録済み',
};

const THINGS: Record<string, string> = {
  application: '申請',
  assignment: '審査の割当',
  report: '実績報告',
  round: '募集回',
  amendment: '変更申請',
};

const REPORT_KINDS: Record<string, string> = { interim: '中間報告', final: '実績報告' };

/** An award's status in a settlement's refusal. */
const AWARD_STATUSES_JA: Record<string, string> = {
  active: '有効',
  closed: '完了済み',
  cancelled: '取消済み',
};

/** An amendment's status, in the refusal of a change to its documents. */
const AMENDMENT_STATUSES_JA: Record<string, string> = {
  approved: '承認済み',
  declined: '却下済み',
  recorded: '記録済み',
  withdrawn: '取下げ',
};

const REFUND_STATUSES_JA: Record<string, string> = {
  due: '返還待ち',
  received: '受領済み',
  cancelled: '取消済み',
};

/** The reasons a city's payouts are held (src/settlements/holds.ts), one by one. */
const HOLD_REASONS: Translation[] = [
  [
    /^refund of (\S+ [\d,.]+) due (since|by) (\S+)$/,
    (m) => `返還 ${m[1]}（期限 ${m[3]}）が未了です`,
  ],
  [
    /^the (interim|final) report due (\S+) is overdue$/,
    (m) => `${REPORT_KINDS[m[1]]}（期限 ${m[2]}）が提出されていません`,
  ],
];

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
  // Attachments (src/documents), before the general "Cannot … that is …" below.
  [
    /^The file is not of a type accepted as an attachment$/,
    () => '添付できない種類のファイルです（PDF・PNG・JPEG・DOCX・XLSX・CSV・テキストのみ）',
  ],
  [
    /^Cannot change the documents of an amendment that is (\w+)$/,
    (m) =>
      `この変更申請は「${AMENDMENT_STATUSES_JA[m[1]] ?? m[1]}」のため、添付書類を変更できません`,
  ],
  [
    /^Only a user of the (JP|US) city may attach documents to the (?:JP|US) report$/,
    (m) => `この実績報告に書類を添付できるのは${side(m[1])}の都市のユーザーのみです`,
  ],
  [/^The document’s file is no longer stored$/, () => '添付書類のファイルが保存されていません'],
  [
    /^The file is too large: at most (\d+) bytes are accepted$/,
    (m) => `ファイルが大きすぎます。受け付けるのは ${m[1]} バイトまでです`,
  ],
  [
    /^The upload is not a single file in the field "(\w+)"$/,
    (m) => `フィールド「${m[1]}」に一つのファイルを送信してください`,
  ],
  [/^Wrong e-mail or password$/, () => 'メールアドレスまたはパスワードが正しくありません'],
  [
    /^Missing, invalid or expired credentials$/,
    () => '認証情報がないか、無効か、有効期限が切れています。ログインし直してください',
  ],
  [/^No session: log in again$/, () => 'セッションがありません。ログインし直してください'],
  [/^The request has invalid fields$/, () => '入力内容に誤りがあります'],
  [
    /^Text may not contain the NUL character or a lone surrogate$/,
    () => 'テキストに NUL 文字または不正な Unicode（単独のサロゲート）を含めることはできません',
  ],
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
  // Settlement (src/settlements/settlements.service.ts).
  [
    /^The (JP|US) side’s settlement is already confirmed$/,
    (m) => `${side(m[1])}の額はすでに確定しています`,
  ],
  [
    /^A payout of the (JP|US) side is in flight \((.+)\); confirm the settlement once it is paid, failed or cancelled$/,
    (m) =>
      `${side(m[1])}の支払が処理中です（${m[2]}）。支払済み・失敗・取消のいずれかになってから額を確定してください`,
  ],
  [
    /^The (JP|US) side has no accepted final report \(its own or a joint one\) to settle from$/,
    (m) => `${side(m[1])}には受理済みの実績報告（単独または合同）がないため、額を確定できません`,
  ],
  [
    /^The award grants the (JP|US) side nothing to settle$/,
    (m) => `この交付決定には${side(m[1])}の交付額がないため、確定するものがありません`,
  ],
  [
    /^The award is (\w+); only an active award is settled$/,
    (m) =>
      `この交付決定は${AWARD_STATUSES_JA[m[1]] ?? m[1]}です。額の確定は有効な交付決定についてのみ行えます`,
  ],
  [
    /^Excluded expense (.+) is no (JP|US) expense in (USD|JPY) of the final report$/,
    (m) => `除外した経費（${m[1]}番）は実績報告の${side(m[2])}の${m[3]}建て経費ではありません`,
  ],
  // Refunds, payout holds and award cancellation (src/settlements/refunds.service.ts, holds.ts,
  // src/awards/award-cancellation.service.ts).
  [
    /^Payouts to (.+) are held: (.+)$/,
    (m) =>
      `${m[1]}への支払は保留中です：${m[2]
        .split('; ')
        .map((reason) => translate(HOLD_REASONS, reason))
        .join('／')}`,
  ],
  [
    /^(\S+ [\d,.]+) is more than the (\S+ [\d,.]+) outstanding$/,
    (m) => `${m[1]}は未返還額 ${m[2]} を超えています`,
  ],
  [
    /^A (\w+) refund cannot be (received|cancelled) \(allowed from due\)$/,
    (m) =>
      `この返還は${REFUND_STATUSES_JA[m[1]] ?? m[1]}のため、${m[2] === 'received' ? '受領を記録' : '取り消し'}できません（返還待ちのときのみ）`,
  ],
  [
    /^A (\w+) award cannot be cancelled \(allowed from active\)$/,
    (m) =>
      `この交付決定は${AWARD_STATUSES_JA[m[1]] ?? m[1]}のため取り消せません（有効な交付決定のみ）`,
  ],
  [
    /^A payout of this award is sent and its outcome is not known yet \((.+)\); settle it first$/,
    (m) => `この交付決定の支払（${m[1]}）は送金済みで結果が未確定です。先に結果を記録してください`,
  ],
  // Amendments (src/amendments): why a change to an award was refused.
  [
    /^The (JP|US) side has no award to move money in$/,
    (m) => `${side(m[1])}には交付額がないため、予算を移せません`,
  ],
  [
    /^The (JP|US) side is awarded in (\w+); a move in (\w+) would change the award’s currency$/,
    (m) => `${side(m[1])}の交付は${m[2]}建てです。${m[3]}での移動はできません`,
  ],
  [/^A move from (.+) to itself changes nothing$/, (m) => `「${m[1]}」から同じ費目へは移せません`],
  [
    /^The (JP|US) side’s budget has no category (.+)$/,
    (m) => `${side(m[1])}の予算に費目「${m[2]}」はありません`,
  ],
  [
    /^The (JP|US) side’s category (.+) has (.+), less than the (.+) to move$/,
    (m) => `${side(m[1])}の費目「${m[2]}」は ${m[3]} で、移動額 ${m[4]} に足りません`,
  ],
  [
    /^The (JP|US) side’s budget would have more than (\d+) categories$/,
    (m) => `${side(m[1])}の予算の費目が${m[2]}を超えます`,
  ],
  [
    /^An extension must end after the current end date (\S+); (\S+) does not$/,
    (m) => `延長後の終了日は現在の終了日 ${m[1]} より後でなければなりません（${m[2]}）`,
  ],
  [
    /^The project cannot end \((\S+)\) before it starts \((\S+)\)$/,
    (m) => `事業の終了日（${m[1]}）が開始日（${m[2]}）より前になっています`,
  ],
  [
    /^The new report due dates must name the award’s reports \((.+)\), each once$/,
    (m) => `新しい報告期限には、この交付決定の報告（${m[1]}）をそれぞれ一度ずつ指定してください`,
  ],
  [
    /^The (interim|final) report cannot be due in the past \((\S+)\)$/,
    (m) => `${REPORT_KINDS[m[1]]}の期限を過去の日付（${m[2]}）にはできません`,
  ],
  [
    /^This award already has an amendment request waiting for a decision; withdraw it or wait for the decision before requesting another$/,
    () =>
      'この交付決定には承認待ちの変更申請があります。取り下げるか、決定を待ってから申請してください',
  ],
  [
    /^The award is (\w+); it takes no amendment$/,
    (m) => `交付決定が「${AWARD_STATUSES_JA[m[1]] ?? m[1]}」のため、変更申請はできません`,
  ],
  [
    /^The (JP|US) side’s settlement is confirmed; its budget can no longer move$/,
    (m) => `${side(m[1])}は額の確定が済んでいるため、予算を移せません`,
  ],
  [
    /^The award moved on from version (\d+) to (\d+) since the request, which no longer holds: (.+)$/,
    (m) =>
      `申請後に交付決定が第${m[1]}版から第${m[2]}版に変わり、この申請は成り立たなくなりました：` +
      translate(DETAILS, m[3]),
  ],
  [/^The changes do not fit a (\w+) amendment$/, () => '変更内容が変更申請の種類に合っていません'],
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
  [/must not be in the future$/, () => '今日以前の日付を入力してください'],
  [/^property \S+ should not exist$/, () => 'この項目は指定できません'],
  [/^an unknown value was passed to the validate function$/, () => '値が不正です'],
  [/^too large$/, () => '大きすぎます'],
  [/^contains U\+0000$/, () => 'NUL 文字（U+0000）を含んでいます'],
  [
    /^contains a lone surrogate \(not valid Unicode\)$/,
    () => '不正な Unicode（単独のサロゲート）を含んでいます',
  ],
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
  // A round's settlement rules (src/rounds/round-rules.ts).
  [
    /^(USD|JPY) has a settlement rule but no budget$/,
    (m) => `${m[1]}の精算ルールがありますが、その通貨の予算がありません`,
  ],
  [/^one settlement rule per currency$/, () => '精算ルールは通貨ごとに1つまでです'],
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
  [
    /^must be a PDF, PNG, JPEG, DOCX, XLSX, CSV or plain text \(\.txt\) file$/,
    () => 'PDF・PNG・JPEG・DOCX・XLSX・CSV・テキスト（.txt）のいずれかのファイルにしてください',
  ],
  [/^the file is larger than (\d+) bytes$/, (m) => `ファイルが大きすぎます（上限 ${m[1]} バイト）`],
];

export function localizeFieldErrors(errors: FieldError[], locale: 'en' | 'ja'): FieldError[] {
  if (locale !== 'ja') return errors;
  return errors.map((error) => ({ ...error, message: translate(FIELDS, error.message) }));
}
