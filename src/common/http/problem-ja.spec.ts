import type { CreatePayeeAccountDto } from '../../payees/dto/payee-account.dto';
import { payeeAccountDetails } from '../../payees/payee-account-rules';
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
