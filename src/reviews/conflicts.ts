import type { Role } from '../auth/roles';

/** Who might review: the parts of a user's profile that can make them partial (SPEC §5.4). */
export interface ReviewerProfile {
  role: Role;
  /** The city of a city user; null for reviewers. */
  cityId: string | null;
  region: string | null;
  /** City ids the reviewer is tied to (worked for, lives in, funds …). */
  affiliations: readonly string[];
}

/** The two cities of the application under review, with their ISO 3166-2 regions. */
export interface ReviewedPartnership {
  jpCityId: string;
  usCityId: string;
  jpRegion: string;
  usRegion: string;
}

/**
 * Why `reviewer` may not review `application`, or null when nothing ties them: a city user of
 * either city, an affiliation with either city, or a home in either city's region. Declared
 * conflicts (a declined assignment) are pair facts the callers hold, not profile facts.
 */
export function conflictOf(
  reviewer: ReviewerProfile,
  application: ReviewedPartnership,
): string | null {
  const sides = [
    { side: 'JP', cityId: application.jpCityId, region: application.jpRegion },
    { side: 'US', cityId: application.usCityId, region: application.usRegion },
  ];
  for (const { side, cityId, region } of sides) {
    if (reviewer.role === 'city_user' && reviewer.cityId === cityId) {
      return `a user of the ${side} city`;
    }
    if (reviewer.affiliations.includes(cityId)) return `affiliated with the ${side} city`;
    if (reviewer.region !== null && reviewer.region === region) {
      return `based in ${region}, the region of the ${side} city`;
    }
  }
  return null;
}
