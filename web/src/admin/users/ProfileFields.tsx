import {
  Group,
  MultiSelect,
  NativeSelect,
  Radio,
  Select,
  SimpleGrid,
  TextInput,
} from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../api/client';
import { cityLabel, type Role, ROLES, useCities } from '../data';

/** The fields whose combination depends on the role (SPEC §5.0, §5.4). */
export interface Profile {
  role: Role;
  locale: 'en' | 'ja';
  cityId: string;
  country: '' | 'JP' | 'US';
  region: string;
  /** A reviewer's cities (IDs): a conflict of interest with each (SPEC §4). */
  affiliations: string[];
}

/** The API's limit on a reviewer's affiliations (CreateUserDto). */
const MAX_AFFILIATIONS = 50;

export type ProfileField = keyof Profile;

/** The catalog keys of what is missing for the role, before asking the API. */
export function profileErrors(profile: Profile): Partial<Record<ProfileField, string>> {
  const errors: Partial<Record<ProfileField, string>> = {};
  if (profile.role === 'city_user' && !profile.cityId) {
    errors.cityId = 'administration:users.errors.city';
  }
  if (profile.role === 'reviewer' && !profile.country) {
    errors.country = 'administration:users.errors.country';
  }
  return errors;
}

/** The profile as the API takes it (CreateUserDto and UpdateUserDto share these fields). */
type ProfileBody = Pick<
  Schemas['CreateUserDto'],
  'role' | 'locale' | 'cityId' | 'country' | 'region' | 'affiliations'
>;

/** The request's part for the profile: only what the role carries (the API refuses the rest). */
export const profileBody = (profile: Profile): ProfileBody => ({
  role: profile.role,
  locale: profile.locale,
  cityId: profile.role === 'city_user' ? profile.cityId : null,
  ...(profile.role === 'reviewer'
    ? {
        country: profile.country || null,
        region: profile.region.trim() || null,
        affiliations: profile.affiliations,
      }
    : {}),
});

/** Role, language, and the city or reviewer profile the role needs. */
export function ProfileFields({
  profile,
  onChange,
  errorOf,
}: {
  profile: Profile;
  onChange: (profile: Profile) => void;
  errorOf: (field: ProfileField) => string | undefined;
}) {
  const { t, i18n } = useTranslation(['administration', 'common']);
  const cities = useCities();
  const cityOptions = (cities.data ?? []).map((city) => ({
    value: city.id,
    label: `${cityLabel(city, i18n.language)} (${city.region})`,
  }));
  return (
    <>
      <NativeSelect
        label={t('administration:users.field.role')}
        required
        value={profile.role}
        error={errorOf('role')}
        data={ROLES.map((role) => ({ value: role, label: t(`common:roles.${role}`) }))}
        onChange={(event) => onChange({ ...profile, role: event.currentTarget.value as Role })}
      />
      {profile.role === 'city_user' && (
        <Select
          label={t('administration:users.field.city')}
          description={t('administration:users.hint.city')}
          required
          searchable
          nothingFoundMessage={t('administration:users.noCity')}
          placeholder={cities.isPending ? t('common:loading') : undefined}
          value={profile.cityId || null}
          error={
            errorOf('cityId') ??
            (cities.isError ? t('administration:users.citiesFailed') : undefined)
          }
          data={cityOptions}
          onChange={(value) => onChange({ ...profile, cityId: value ?? '' })}
        />
      )}
      {profile.role === 'reviewer' && (
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NativeSelect
            label={t('administration:users.field.country')}
            description={t('administration:users.hint.country')}
            required
            value={profile.country}
            error={errorOf('country')}
            data={[
              { value: '', label: t('administration:users.choose') },
              { value: 'JP', label: t('administration:users.country.JP') },
              { value: 'US', label: t('administration:users.country.US') },
            ]}
            onChange={(event) =>
              onChange({ ...profile, country: event.currentTarget.value as Profile['country'] })
            }
          />
          <TextInput
            label={t('administration:users.field.region')}
            description={t('administration:users.hint.region')}
            value={profile.region}
            maxLength={6}
            error={errorOf('region')}
            onChange={(event) => onChange({ ...profile, region: event.currentTarget.value })}
          />
        </SimpleGrid>
      )}
      {profile.role === 'reviewer' && (
        <MultiSelect
          label={t('administration:users.field.affiliations')}
          description={t('administration:users.hint.affiliations')}
          searchable
          clearable
          maxValues={MAX_AFFILIATIONS}
          nothingFoundMessage={t('administration:users.noCity')}
          value={profile.affiliations}
          error={
            errorOf('affiliations') ??
            (cities.isError ? t('administration:users.citiesFailed') : undefined)
          }
          data={cityOptions}
          onChange={(affiliations) => onChange({ ...profile, affiliations })}
        />
      )}
      <Radio.Group
        label={t('administration:users.field.locale')}
        description={t('administration:users.hint.locale')}
        value={profile.locale}
        onChange={(value) => onChange({ ...profile, locale: value as Profile['locale'] })}
      >
        <Group mt="xs">
          <Radio value="en" label="English" />
          <Radio value="ja" label="日本語" lang="ja" />
        </Group>
      </Radio.Group>
    </>
  );
}
