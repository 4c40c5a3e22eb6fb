import { localizeDetail } from '../common/http/problem-ja';

const JAPANESE = /[ぁ-んァ-ン一-龯]/;

/** Every refusal an amendment can meet (src/amendments), as the services word it. */
const REFUSALS = [
  'The US side has no award to move money in',
  'The JP side is awarded in JPY; a move in USD would change the award’s currency',
  'A move from venue to itself changes nothing',
  'The JP side’s budget has no category food',
  'The JP side’s category venue has JPY 100,000, less than the JPY 100,001 to move',
  'The US side’s budget would have more than 100 categories',
  'An extension must end after the current end date 2027-09-30; 2027-09-01 does not',
  'The project cannot end (2027-09-30) before it starts (2027-10-01)',
  'The new report due dates must name the award’s reports (final, interim), each once',
  'The final report cannot be due in the past (2027-01-14)',
  'This award already has an amendment request waiting for a decision; withdraw it or wait ' +
    'for the decision before requesting another',
  'The award is cancelled; it takes no amendment',
  'The JP side’s settlement is confirmed; its budget can no longer move',
  'The changes do not fit a dates amendment',
  'Amendment not found',
  'Award version not found',
  'A city_user may not approve an amendment',
  'Cannot withdraw an amendment that is recorded',
];

describe('amendment refusals in Japanese', () => {
  it('translates every one', () => {
    const untranslated = REFUSALS.filter((d) => !JAPANESE.test(localizeDetail(d, 'ja')));
    expect(untranslated).toEqual([]);
  });

  it('words a request the award moved on from with the rule it now breaks', () => {
    expect(
      localizeDetail(
        'The award moved on from version 1 to 2 since the request, which no longer holds: ' +
          'The JP side’s category venue has JPY 800,000, less than the JPY 900,000 to move',
        'ja',
      ),
    ).toBe(
      '申請後に交付決定が第1版から第2版に変わり、この申請は成り立たなくなりました：' +
        '日本側の費目「venue」は JPY 800,000 で、移動額 JPY 900,000 に足りません',
    );
    expect(localizeDetail('The award is closed; it takes no amendment', 'ja')).toBe(
      '交付決定が「完了済み」のため、変更申請はできません',
    );
  });
});
