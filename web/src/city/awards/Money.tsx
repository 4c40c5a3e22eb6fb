import { useTranslation } from 'react-i18next';
import { type Currency, formatMoney } from '../../money';

/** An amount of one currency, formatted for the user's language; never summed across currencies. */
export function Money({ minor, currency }: { minor: number; currency: Currency }) {
  const { i18n } = useTranslation();
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatMoney(minor, currency, i18n.language)}
    </span>
  );
}
