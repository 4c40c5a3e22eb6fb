import { isKnownTimeZone, renderInZone, renderInZones } from './time';

describe('renderInZone', () => {
  it('renders JST (+09:00, no DST) and crosses the date line at 15:00Z', () => {
    expect(renderInZone(new Date('2026-12-01T00:00:00Z'), 'Asia/Tokyo')).toBe(
      '2026-12-01T09:00:00+09:00',
    );
    expect(renderInZone(new Date('2026-07-31T14:59:59Z'), 'Asia/Tokyo')).toBe(
      '2026-07-31T23:59:59+09:00',
    );
    expect(renderInZone(new Date('2026-07-31T15:00:00Z'), 'Asia/Tokyo')).toBe(
      '2026-08-01T00:00:00+09:00',
    );
  });

  it('follows daylight saving time in Los Angeles (-07:00 in July, -08:00 in December)', () => {
    expect(renderInZone(new Date('2026-07-15T19:00:00Z'), 'America/Los_Angeles')).toBe(
      '2026-07-15T12:00:00-07:00',
    );
    expect(renderInZone(new Date('2026-12-01T00:00:00Z'), 'America/Los_Angeles')).toBe(
      '2026-11-30T16:00:00-08:00',
    );
  });

  it('switches offset exactly at the DST transition (2026-03-08 10:00Z in Los Angeles)', () => {
    expect(renderInZone(new Date('2026-03-08T09:59:59Z'), 'America/Los_Angeles')).toBe(
      '2026-03-08T01:59:59-08:00',
    );
    expect(renderInZone(new Date('2026-03-08T10:00:00Z'), 'America/Los_Angeles')).toBe(
      '2026-03-08T03:00:00-07:00',
    );
  });

  it('renders Honolulu at -10:00 all year and New York at -05:00 in winter', () => {
    expect(renderInZone(new Date('2026-07-01T00:00:00Z'), 'Pacific/Honolulu')).toBe(
      '2026-06-30T14:00:00-10:00',
    );
    expect(renderInZone(new Date('2026-01-10T12:00:00Z'), 'America/New_York')).toBe(
      '2026-01-10T07:00:00-05:00',
    );
  });

  it('keeps milliseconds when the instant has them and refers to the same instant', () => {
    const instant = new Date('2026-12-01T00:00:00.250Z');
    const rendered = renderInZone(instant, 'America/Chicago');
    expect(rendered).toBe('2026-11-30T18:00:00.250-06:00');
    expect(new Date(rendered).getTime()).toBe(instant.getTime());
  });

  it('renders several zones keyed by name and knows which zones exist', () => {
    expect(
      renderInZones(new Date('2026-12-01T00:00:00Z'), ['Asia/Tokyo', 'America/Los_Angeles']),
    ).toEqual({
      'Asia/Tokyo': '2026-12-01T09:00:00+09:00',
      'America/Los_Angeles': '2026-11-30T16:00:00-08:00',
    });
    expect(isKnownTimeZone('America/Anchorage')).toBe(true);
    expect(isKnownTimeZone('Mars/Olympus_Mons')).toBe(false);
  });
});
