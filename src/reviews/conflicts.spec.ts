import { conflictOf, ReviewerProfile, ReviewedPartnership } from './conflicts';

const sendaiRiverside: ReviewedPartnership = {
  jpCityId: 'sendai',
  usCityId: 'riverside',
  jpRegion: 'JP-04',
  usRegion: 'US-CA',
};

const reviewer = (profile: Partial<ReviewerProfile> = {}): ReviewerProfile => ({
  role: 'reviewer',
  cityId: null,
  region: 'JP-13',
  affiliations: [],
  ...profile,
});

describe('conflictOf', () => {
  it('finds none for a reviewer with no tie to either city', () => {
    expect(conflictOf(reviewer(), sendaiRiverside)).toBeNull();
    expect(conflictOf(reviewer({ region: null }), sendaiRiverside)).toBeNull();
  });

  it('flags a reviewer based in the region of either city', () => {
    expect(conflictOf(reviewer({ region: 'JP-04' }), sendaiRiverside)).toBe(
      'based in JP-04, the region of the JP city',
    );
    expect(conflictOf(reviewer({ region: 'US-CA' }), sendaiRiverside)).toBe(
      'based in US-CA, the region of the US city',
    );
  });

  it('flags an affiliation with either city', () => {
    expect(conflictOf(reviewer({ affiliations: ['x', 'riverside'] }), sendaiRiverside)).toBe(
      'affiliated with the US city',
    );
    expect(conflictOf(reviewer({ affiliations: ['sendai'] }), sendaiRiverside)).toBe(
      'affiliated with the JP city',
    );
  });

  it('flags a city user of either city', () => {
    const cityUser = reviewer({ role: 'city_user', cityId: 'sendai', region: null });
    expect(conflictOf(cityUser, sendaiRiverside)).toBe('a user of the JP city');
    expect(conflictOf({ ...cityUser, cityId: 'osaka' }, sendaiRiverside)).toBeNull();
  });
});
