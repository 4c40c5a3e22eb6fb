import { useTranslation } from 'react-i18next';
import type { Schemas } from '../../../api/client';
import type { Me } from '../../../auth/useSession';
import { useCity } from '../../../finance/api';
import { localized } from '../text';
import { HoldNotice } from './HoldNotice';
import { useHolds } from './queries';

/** Why payouts to `cityId` are held, titled with the city's name (or "your city"). */
export function CityHoldNotice({
  cityId,
  mine = false,
  awardId,
}: {
  cityId: string;
  mine?: boolean;
  awardId?: string;
}) {
  const { t, i18n } = useTranslation('settlement');
  const holds = useHolds(cityId);
  const city = useCity(mine ? undefined : cityId);
  if (!holds.data?.held) return null;
  const name = city.data ? localized(city.data.name, i18n.language) : '…';
  return (
    <HoldNotice
      hold={holds.data}
      awardId={awardId}
      title={mine ? t('settlement:hold.mine') : t('settlement:hold.city', { city: name })}
    />
  );
}

/** A city user sees its own city's holds; the office and finance those of both cities. */
export function AwardHolds({ award, me }: { award: Schemas['AwardResponse']; me: Me | undefined }) {
  if (!me) return null;
  if (me.role === 'city_user') {
    return me.cityId ? <CityHoldNotice cityId={me.cityId} mine awardId={award.id} /> : null;
  }
  return (
    <>
      <CityHoldNotice cityId={award.jpCityId} awardId={award.id} />
      <CityHoldNotice cityId={award.usCityId} awardId={award.id} />
    </>
  );
}
