import { Checkbox, Group, NativeSelect } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { REPORT_STATUSES, type ReportFilter, type ReportStatus } from './queries';

/** `?status=` as the list reads it: reports awaiting review unless another status is chosen. */
export const ALL = 'all';

export function filterOf(params: URLSearchParams): ReportFilter {
  const status = params.get('status') ?? 'submitted';
  return {
    status: REPORT_STATUSES.includes(status as ReportStatus) ? (status as ReportStatus) : undefined,
    overdue: params.get('overdue') === 'true' ? true : undefined,
  };
}

/** The status and "overdue only" filters; each change replaces the page's query string. */
export function ReportFilters({
  filter,
  onChange,
}: {
  filter: ReportFilter;
  onChange: (filter: ReportFilter) => void;
}) {
  const { t } = useTranslation(['oversight', 'reports']);
  return (
    <Group align="flex-end" gap="lg">
      <NativeSelect
        label={t('oversight:reports.filter.status')}
        value={filter.status ?? ALL}
        onChange={(event) => {
          const value = event.currentTarget.value;
          onChange({ ...filter, status: value === ALL ? undefined : (value as ReportStatus) });
        }}
        data={[
          ...REPORT_STATUSES.map((status) => ({
            value: status,
            label:
              status === 'submitted'
                ? t('oversight:reports.filter.awaiting')
                : t(`reports:status.${status}`),
          })),
          { value: ALL, label: t('oversight:reports.filter.all') },
        ]}
        w={240}
      />
      <Checkbox
        label={t('oversight:reports.filter.overdue')}
        checked={filter.overdue === true}
        onChange={(event) =>
          onChange({ ...filter, overdue: event.currentTarget.checked ? true : undefined })
        }
        mb={8}
      />
    </Group>
  );
}
