import { collectHolds, heldDetail, holdOf, type HoldRow } from './holds';

const CITY = '00000000-0000-4000-8000-00000000000a';
const OTHER = '00000000-0000-4000-8000-00000000000b';
const AWARD = '00000000-0000-4000-8000-0000000000a1';
const TODAY = '2026-12-07';

const refundRow = (over: Partial<HoldRow> = {}): HoldRow => ({
  city_id: CITY,
  code: 'refund_due',
  award_id: AWARD,
  side: 'JP',
  due_on: '2026-11-01',
  refund_id: 'refund-1',
  // bigint columns come back from pg as strings
  outstanding: '50000',
  currency: 'JPY',
  report_kind: null,
  report_id: null,
  ...over,
});

const reportRow = (over: Partial<HoldRow> = {}): HoldRow => ({
  city_id: CITY,
  code: 'report_overdue',
  award_id: AWARD,
  side: 'JP',
  due_on: '2026-10-31',
  refund_id: null,
  outstanding: null,
  currency: null,
  report_kind: 'final',
  report_id: null,
  ...over,
});

describe('collectHolds', () => {
  it('gives every asked city an entry, empty when nothing holds it', () => {
    const holds = collectHolds([CITY, OTHER], [refundRow()], TODAY);
    expect(holds.get(OTHER)).toEqual([]);
    expect(holdOf(holds.get(OTHER))).toEqual({ held: false, reasons: [] });
    expect(holdOf(undefined)).toEqual({ held: false, reasons: [] });
  });

  it('words a refund with what is still outstanding, as a number', () => {
    const [reason] = collectHolds([CITY], [refundRow()], TODAY).get(CITY)!;
    expect(reason).toEqual({
      code: 'refund_due',
      awardId: AWARD,
      side: 'JP',
      dueOn: '2026-11-01',
      refundId: 'refund-1',
      outstandingMinor: 50_000,
      currency: 'JPY',
      detail: 'refund of JPY 50,000 due since 2026-11-01',
    });
  });

  it('counts a late draft and the open required slot it would fill as one reason, keeping the draft', () => {
    const reasons = collectHolds(
      [CITY],
      [reportRow(), reportRow({ report_id: 'report-1' }), reportRow({ report_kind: 'interim' })],
      TODAY,
    ).get(CITY)!;
    expect(reasons).toHaveLength(2);
    expect(reasons[0]).toMatchObject({ reportKind: 'final', reportId: 'report-1' });
    expect(reasons[1]).toMatchObject({ reportKind: 'interim' });
    expect(reasons[1].reportId).toBeUndefined();
    expect(reasons[0].detail).toBe('the final report due 2026-10-31 is overdue');
  });

  it('keeps the same award’s report apart for each of its two cities', () => {
    const holds = collectHolds(
      [CITY, OTHER],
      [reportRow(), reportRow({ city_id: OTHER, side: 'US' })],
      TODAY,
    );
    expect(holds.get(CITY)).toHaveLength(1);
    expect(holds.get(OTHER)).toEqual([expect.objectContaining({ side: 'US' })]);
  });

  it('says a refund not yet at its due date is due by it: the hold starts when it is found', () => {
    const [reason] = collectHolds([CITY], [refundRow({ due_on: '2027-01-06' })], TODAY).get(CITY)!;
    expect(reason.detail).toBe('refund of JPY 50,000 due by 2027-01-06');
  });

  it('lists two refunds of one city as two reasons, in USD cents exactly', () => {
    const reasons = collectHolds(
      [CITY],
      [
        refundRow(),
        refundRow({ refund_id: 'refund-2', currency: 'USD', outstanding: 5, side: 'US' }),
      ],
      TODAY,
    ).get(CITY)!;
    expect(reasons.map((r) => r.detail)).toEqual([
      'refund of JPY 50,000 due since 2026-11-01',
      'refund of USD 0.05 due since 2026-11-01',
    ]);
  });
});

describe('heldDetail', () => {
  it('names the city and every reason', () => {
    const reasons = collectHolds([CITY], [refundRow(), reportRow()], TODAY).get(CITY)!;
    expect(heldDetail('Yokohama', reasons)).toBe(
      'Payouts to Yokohama are held: refund of JPY 50,000 due since 2026-11-01; ' +
        'the final report due 2026-10-31 is overdue',
    );
  });
});
