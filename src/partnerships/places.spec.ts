import { ianaTimeZone, placeErrors } from './places';

describe('placeErrors', () => {
  it('accepts the places of the sample data', () => {
    expect(placeErrors({ country: 'JP', region: 'JP-01', timezone: 'Asia/Tokyo' })).toEqual([]);
    expect(placeErrors({ country: 'JP', region: 'JP-47', timezone: 'Asia/Tokyo' })).toEqual([]);
    expect(placeErrors({ country: 'US', region: 'US-HI', timezone: 'Pacific/Honolulu' })).toEqual(
      [],
    );
    expect(placeErrors({ country: 'US', region: 'US-DC', timezone: 'America/New_York' })).toEqual(
      [],
    );
  });

  it.each([
    ['JP', 'JP-00', 'Asia/Tokyo', 'region', /unknown region code JP-00/],
    ['JP', 'JP-48', 'Asia/Tokyo', 'region', /unknown region code/],
    ['US', 'US-XX', 'America/Chicago', 'region', /unknown region code/],
    ['JP', 'US-CA', 'Asia/Tokyo', 'region', /not in JP/],
    ['US', 'JP-13', 'America/Chicago', 'region', /not in US/],
    ['JP', 'JP-13', 'America/Chicago', 'timezone', /a JP city is in Asia\/Tokyo/],
    ['US', 'US-CA', 'Asia/Tokyo', 'timezone', /not a US time zone/],
    ['US', 'US-CA', 'Mars/Base', 'timezone', /bad time zone/],
    ['US', 'US-CA', '+09:00', 'timezone', /bad time zone/],
  ] as const)('%s %s %s: %s', (country, region, timezone, field, message) => {
    expect(placeErrors({ country, region, timezone })).toEqual([
      { field, message: expect.stringMatching(message) },
    ]);
  });
});

describe('ianaTimeZone', () => {
  it('names a zone as the runtime does, and refuses what is no zone', () => {
    expect(ianaTimeZone('america/chicago')).toBe('America/Chicago');
    expect(ianaTimeZone('UTC')).toBeNull();
    expect(ianaTimeZone('Mars/Base')).toBeNull();
  });
});
