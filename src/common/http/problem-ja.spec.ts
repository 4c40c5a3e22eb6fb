import type { CreatePayeeAccountDto } from '../../payees/dto/payee-account.dto';
import { payeeAccountDetails } from '../../payees/payee-account-rules';
import { assertOpenable } from '../../rounds/round-rules';
import type { Round } from '../../rounds/round.entity';
import type { AppError } from '../errors/app-error';
import { localizeDetail, localizeFieldErrors } from './problem-ja';

describe('field messages in Japanese', () => {
  it('translates class-validator messages and keeps the field; leaves unknown ones as they are', () => {
    const errors = [
      { field: 'title.en', message: 'title.en must be shorter than or equal to 200 characters' },
      { field: 'budgetLines.0.amountMinor', message: 'amountMinor must not be less than 1' },
      { field: 'budgetLines.0.amountMinor', message: 'amountMinor must be an integer number' },
      { field: 'side', message: 'side must be one of the following values: JP, US' },
      { field: 'isAdmin', message: 'property isAdmin should not exist' },
      { field: 'cityId', message: 'required for the city_user role' },
      { field: 'endsOn', message: 'endsOn must be a date YYYY-MM-DD' },
      { field: 'endsOn', message: 'endsOn must be a real calendar date' },
    ];
    expect(localizeFieldErrors(errors, 'ja')).toEqual([
      { field: 'title.en', message: '200文字以内で入力してください' },
      { field: 'budgetLines.0.amountMinor', message: '1以上の値を入力してください' },
      { field: 'budgetLines.0.amountMinor', message: '整数で入力してください' },
      { field: 'side', message: '次のいずれかを指定してください: JP, US' },
      { field: 'isAdmin', message: 'この項目は指定できません' },
      { field: 'cityId', message: 'required for the city_user role' },
      { field: 'endsOn', message: '日付は YYYY-MM-DD の形式で入力してください' },
      { field: 'endsOn', message: '実在する日付を入力してください' },
    ]);
    expect(localizeFieldErrors(errors, 'en')).toBe(errors);
  });
});

describe('problem details in Japanese', () => {
  it('translates the administration and round refusals, with the values they name', () => {
    const refusals = [
      'A user with this e-mail already exists',
      'An admin cannot change their own role',
      'An admin cannot deactivate themselves',
      'The API key is already revoked',
      'The webhook is disabled; enable it first',
      'The delivery is still pending',
      'A round with code SDG-2027 already exists',
    ];
    const ja = refusals.map((detail) => localizeDetail(detail, 'ja'));
    expect(ja.filter((text) => !/[ぁ-んァ-ン一-龯]/.test(text))).toEqual([]);
    expect(ja[6]).toBe('コード SDG-2027 の募集回は既に存在します');
  });

  it('translates the details the portal meets; keeps the others (and English) as they are', () => {
    expect(localizeDetail('Assignment not found', 'ja')).toBe(
      '審査の割当が見つかりません（または閲覧できません）',
    );
    expect(localizeDetail('Cannot sign an application that is submitted', 'ja')).toBe(
      'この申請は現在「提出済み」のため、この操作はできません',
    );
    expect(localizeDetail('Wrong e-mail or password', 'ja')).toBe(
      'メールアドレスまたはパスワードが正しくありません',
    );
    expect(localizeDetail('Something nobody translated', 'ja')).toBe('Something nobody translated');
    expect(localizeDetail('Assignment not found', 'en')).toBe('Assignment not found');
  });
});

describe('assignment and decision refusals in Japanese', () => {
  it('says why, with the values of the refusal', () => {
    expect(
      localizeDetail(
        'Conflict of interest: the reviewer is based in JP-04, the region of the JP city',
        'ja',
      ),
    ).toBe(
      '利益相反があるため割り当てられません（この審査員は日本側の都市と同じ地域（JP-04）に所在しています）',
    );
    expect(
      localizeDetail('Conflict of interest: the reviewer is affiliated with the US city', 'ja'),
    ).toBe('利益相反があるため割り当てられません（この審査員は米国側の都市と関係があります）');
    expect(localizeDetail('JPY budget: JPY 400,000 remaining, JPY 450,000 requested', 'ja')).toBe(
      'JPYの予算残額は JPY 400,000 で、交付額 JPY 450,000 を賄えません',
    );
    expect(
      localizeDetail(
        'The US side is awarded USD 6,000.00, more than its request of USD 5,000.00',
        'ja',
      ),
    ).toBe('米国側の交付額 USD 6,000.00 が申請額 USD 5,000.00 を超えています');
    expect(localizeDetail('Approval needs 2 submitted reviews; this application has 1', 'ja')).toBe(
      '採択には提出済みの審査が2件必要です（この申請は1件）',
    );
  });
});

describe('round opening, segregation of duties and payment run refusals in Japanese', () => {
  it('lists every setting a round lacks, in the detail and under each field', () => {
    const round = {
      rubric: [],
      trancheSchedule: [
        { key: 'first', percent: 60, releaseOn: 'award' },
        { key: 'last', percent: 30, releaseOn: 'final_report_accepted' },
      ],
      reportsRequired: [{ kind: 'interim', dueOn: '2027-06-30' }],
      closesAt: new Date('2026-01-31T15:00:00.000Z'),
      reviewersPerApplication: 0,
    } as unknown as Round;
    let refusal: AppError | undefined;
    try {
      assertOpenable(round, [], new Date('2026-02-01T00:00:00.000Z'));
    } catch (error) {
      refusal = error as AppError;
    }
    const messages = localizeFieldErrors(refusal!.errors!, 'ja').map((e) => e.message);
    expect(messages).toEqual([
      '少なくとも1つの通貨の予算と1件あたりの上限額が必要です',
      '評価項目が1つもありません',
      '支払回の割合の合計が90%です（100%にしてください）',
      '実績報告の受理で支払う支払回がありますが、実績報告が求められていません',
      '締切日時（2026-01-31T15:00:00.000Z）を過ぎています',
      '1件あたり1人以上の審査員が必要です',
    ]);
    expect(localizeDetail(refusal!.detail, 'ja')).toBe(
      `募集回の受付を開始できません：${messages.join('／')}`,
    );
  });

  it('says who else must act, and which run is in the way', () => {
    expect(
      localizeDetail(
        'Segregation of duties: an account is verified by someone other than who entered it',
        'ja',
      ),
    ).toBe(
      '職務分掌のため、ご自身が登録した口座は確認できません。他の経理担当に確認を依頼してください',
    );
    expect(
      localizeDetail('Self-approval: the person who requested a payout cannot approve it', 'ja'),
    ).toBe(
      '職務分掌のため、ご自身が申請した支払は承認できません。他の経理承認者に承認を依頼してください',
    );
    expect(localizeDetail('You have already approved this payout request', 'ja')).toBe(
      'この支払申請はすでに承認済みです（同じ人が二度承認することはできません）',
    );
    expect(
      localizeDetail('Payment run 4f6c-9 of this rail is running; wait for it to finish', 'ja'),
    ).toBe('この振込方式の振込処理（4f6c-9）が処理中です。終了してから依頼してください');
  });

  it('words the field error of a refused reviewer', () => {
    const errors = [
      { field: 'reviewerId', message: 'not an active reviewer' },
      { field: 'reviewerId', message: 'conflict of interest: affiliated with the US city' },
    ];
    expect(localizeFieldErrors(errors, 'ja').map((e) => e.message)).toEqual([
      '有効な審査員ではありません',
      '利益相反があります（この審査員は米国側の都市と関係があります）',
    ]);
  });
});

describe('payee account refusals in Japanese', () => {
  /** Every field message `payeeAccountDetails` gives for `dto`, as a city user in ja reads it. */
  function refusal(dto: Partial<CreatePayeeAccountDto>) {
    try {
      payeeAccountDetails({ cityId: 'c', ...dto } as CreatePayeeAccountDto);
    } catch (error) {
      const { detail, errors } = error as AppError;
      return {
        detail: localizeDetail(detail, 'ja'),
        errors: localizeFieldErrors(errors ?? [], 'ja'),
      };
    }
    throw new Error('accepted');
  }
  const japanese = /[\u3040-\u30ff\u4e00-\u9fff]/;

  it('translates every rule the bank imposes, with the values the clerk typed', () => {
    const zengin = refusal({
      rail: 'zengin',
      accountType: 'checking',
      accountNumber: '123',
      bankCode: '9999',
      branchCode: '001',
      holderNameKana: 'X'.repeat(31),
      routingNumber: '011000015',
    });
    const ach = refusal({
      rail: 'ach',
      accountType: 'ordinary',
      accountNumber: '123456789',
      routingNumber: '011000016',
      holderName: 'CITY ☃',
      bankCode: '0001',
    });
    const branch = refusal({
      rail: 'zengin',
      accountType: 'ordinary',
      accountNumber: '1234567',
      bankCode: '0001',
      branchCode: '999',
      holderNameKana: '☃',
    });
    const messages = [zengin, ach, branch].flatMap((r) => r.errors.map((e) => e.message));
    expect(messages.filter((m) => !japanese.test(m))).toEqual([]);
    expect(zengin.detail).toBe('振込先口座の入力内容に誤りがあります');
    expect(zengin.errors.map((e) => e.field).sort()).toEqual(
      ['accountNumber', 'accountType', 'bankCode', 'holderNameKana', 'routingNumber'].sort(),
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        '金融機関コード 9999 の金融機関はありません',
        '金融機関 0001 に支店コード 999 の支店はありません',
        '「☃」は ACH の口座名義に使えません',
        '「☃」は全銀の口座名義（カナ）に使えません',
        '半角に変換して1〜30文字にしてください',
      ]),
    );
  });
});
