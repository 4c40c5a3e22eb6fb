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
    ];
    expect(localizeFieldErrors(errors, 'ja')).toEqual([
      { field: 'title.en', message: '200文字以内で入力してください' },
      { field: 'budgetLines.0.amountMinor', message: '1以上の値を入力してください' },
      { field: 'budgetLines.0.amountMinor', message: '整数で入力してください' },
      { field: 'side', message: '次のいずれかを指定してください: JP, US' },
      { field: 'isAdmin', message: 'この項目は指定できません' },
      { field: 'cityId', message: 'required for the city_user role' },
    ]);
    expect(localizeFieldErrors(errors, 'en')).toBe(errors);
  });
});

describe('problem details in Japanese', () => {
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
