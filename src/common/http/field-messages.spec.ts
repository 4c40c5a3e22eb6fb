import { localizeFieldErrors } from './field-messages';

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
