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

/** What ties a reviewer to one side of an application, as data the portal words itself. */
export interface Conflict {
  reason: 'city_user' | 'affiliated' | 'region';
  side: 'JP' | 'US';
  /** The shared ISO 3166-2 region, for `region`. */
  region: string | null;
}

/**
 * What ties `reviewer` to `application`, or null when nothing does: a city user of either city,
 * an affiliation with either city, or a home in either city's region. Declared conflicts (a
 * declined assignment) are pair facts the callers hold, not profile facts.
 */
export function conflictWith(
  reviewer: ReviewerProfile,
  application: ReviewedPartnership,
): Conflict | null {
  const sides = [
    { side: 'JP' as const, cityId: application.jpCityId, region: application.jpRegion },
    { side: 'US' as const, cityId: application.usCityId, region: application.usRegion },
  ];
  for (const { side, cityId, region } of sides) {
    if (reviewer.role === 'city_user' && reviewer.cityId === cityId) {
      return { reason: 'city_user', side, region: null };
    }
    if (reviewer.affiliations.includes(cityId)) return { reason: 'affiliated', side, region: null };
    if (reviewer.region !== null && reviewer.region === region) {
      return { reason: 'region', side, region };
    }
  }
  return null;
}

/** Why `reviewer` may not review `application`, in words, or null when nothing ties them. */
export function conflictOf(
  reviewer: ReviewerProfile,
  application: ReviewedPartnership,
): string | null {
  const conflict = conflictWith(reviewer, application);
  if (!conflict) return null;
  switch (conflict.reason) {
    case 'city_user':
      return `a user of the ${conflict.side} city`;
    case 'affiliated':
      return `affiliated with the ${conflict.side} city`;
    case 'region':
      return `based in ${conflict.region}, the region of the ${conflict.side} city`;
  }
}
