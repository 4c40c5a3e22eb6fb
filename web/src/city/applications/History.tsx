import { Blockquote, Stack, Text, Timeline } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { HistoryEntry, Partnership, SignedVersion } from './data';
import { TwoZones } from './Instant';
import { cityName } from './names';

const KNOWN_ACTIONS = [
  'create',
  'edit',
  'sign_first',
  'sign_second',
  'assign',
  'return',
  'decide_approved',
  'decide_rejected',
  'decide_waitlisted',
  'withdraw',
];

/** Who acted: you, a city known from its signature, the program office, or the system. */
function useActor(partnership: Partnership | undefined, versions: SignedVersion[], myId?: string) {
  const { t, i18n } = useTranslation(['applications']);
  const cityOfUser = new Map(versions.map((v) => [v.userId, v.cityId]));
  return (entry: HistoryEntry): string | null => {
    if (entry.actorId === null) return t('applications:history.system');
    if (entry.actorId === myId) return t('applications:history.you');
    const cityId = cityOfUser.get(entry.actorId);
    const city = [partnership?.jpCity, partnership?.usCity].find((c) => c && c.id === cityId);
    if (city) return cityName(city, i18n.language);
    if (/^(assign|return|decide_)/.test(entry.action)) return t('applications:history.office');
    return null;
  };
}

export function History({
  entries,
  partnership,
  versions,
  myId,
}: {
  entries: HistoryEntry[];
  partnership?: Partnership;
  versions: SignedVersion[];
  myId?: string;
}) {
  const { t, i18n } = useTranslation(['applications']);
  const actorOf = useActor(partnership, versions, myId);
  return (
    <Timeline
      active={entries.length - 1}
      bulletSize={14}
      lineWidth={2}
      role="list"
      aria-label={t('applications:history.title')}
    >
      {entries.map((entry, index) => {
        const actor = actorOf(entry);
        const action = KNOWN_ACTIONS.includes(entry.action) ? entry.action : 'other';
        return (
          <Timeline.Item
            key={`${entry.at}:${index}`}
            role="listitem"
            title={t(`applications:history.actions.${action}`, {
              status: t(`applications:status.${entry.to}`),
            })}
          >
            <Stack gap={2}>
              {actor && <Text size="sm">{t('applications:history.by', { actor })}</Text>}
              <TwoZones
                iso={entry.at}
                size="xs"
                usTimeZone={partnership?.usCity.timezone}
                usCity={partnership ? cityName(partnership.usCity, i18n.language) : undefined}
              />
              {entry.message && (
                <Blockquote
                  p="xs"
                  mt={4}
                  color="orange"
                  cite={t('applications:history.officeMessage')}
                >
                  {entry.message}
                </Blockquote>
              )}
            </Stack>
          </Timeline.Item>
        );
      })}
    </Timeline>
  );
}
