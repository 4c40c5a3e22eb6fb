import { NativeSelect, Table, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { RELEASES, REPORT_KINDS, type ReportKind, type TrancheRelease } from './data';
import {
  type CriterionDraft,
  type FieldErrors,
  newCriterion,
  newReport,
  newTranche,
  percentSum,
  type ReportDraft,
  type TrancheDraft,
} from './form';
import { RowsEditor } from './RowsEditor';

/** Replaces row `index` of `rows` with `patch` applied. */
const patched = <T,>(rows: T[], index: number, patch: Partial<T>) =>
  rows.map((row, i) => (i === index ? { ...row, ...patch } : row));

/** A cell's accessible name: its row's number and its column (`Criterion 2: Weight`). */
function useCellLabel(row: string) {
  const { t } = useTranslation(['rounds']);
  return (n: number, column: string) => t('rounds:form.cell', { row, n, column });
}

/**
 * The rubric: what reviewers score, each criterion with a label in English and/or Japanese, its
 * weight in the weighted mean and its highest score.
 */
export function RubricEditor({
  rubric,
  errors,
  onChange,
}: {
  rubric: CriterionDraft[];
  errors: FieldErrors;
  onChange: (rubric: CriterionDraft[], touched: string) => void;
}) {
  const { t } = useTranslation(['rounds']);
  const label = useCellLabel(t('rounds:rubric.criterion'));
  const columns = {
    en: t('rounds:rubric.labelEn'),
    ja: t('rounds:rubric.labelJa'),
    weight: t('rounds:rubric.weight'),
    maxScore: t('rounds:rubric.maxScore'),
  };
  return (
    <RowsEditor
      caption={t('rounds:rubric.caption')}
      columns={[
        { label: columns.en },
        { label: columns.ja },
        { label: columns.weight, width: 110 },
        { label: columns.maxScore, width: 110 },
      ]}
      rows={rubric}
      addLabel={t('rounds:rubric.add')}
      removeLabel={(n) => t('rounds:rubric.remove', { n })}
      onAdd={() => {
        const row = newCriterion();
        onChange([...rubric, row], 'rubric');
        return row;
      }}
      onRemove={(index) =>
        onChange(
          rubric.filter((_, i) => i !== index),
          'rubric.',
        )
      }
      renderCells={(criterion, index) => {
        const field = (name: string) => `rubric.${index}.${name}`;
        const update = (patch: Partial<CriterionDraft>, name: string) =>
          onChange(patched(rubric, index, patch), field(name));
        return (
          <>
            {(['en', 'ja'] as const).map((lang) => (
              <Table.Td key={lang}>
                <TextInput
                  lang={lang}
                  aria-label={label(index + 1, columns[lang])}
                  maxLength={300}
                  value={criterion.label[lang]}
                  error={errors[field(`label.${lang}`)]}
                  onChange={(event) =>
                    update(
                      { label: { ...criterion.label, [lang]: event.currentTarget.value } },
                      'label.',
                    )
                  }
                />
              </Table.Td>
            ))}
            {(['weight', 'maxScore'] as const).map((name) => (
              <Table.Td key={name}>
                <TextInput
                  aria-label={label(index + 1, columns[name])}
                  inputMode="numeric"
                  autoComplete="off"
                  value={criterion[name]}
                  error={errors[field(name)]}
                  onChange={(event) => update({ [name]: event.currentTarget.value }, name)}
                  styles={{ input: { textAlign: 'right' } }}
                />
              </Table.Td>
            ))}
          </>
        );
      }}
    />
  );
}

/** The payout schedule: each tranche's share of an award and the event that releases it. */
export function TrancheEditor({
  tranches,
  errors,
  onChange,
}: {
  tranches: TrancheDraft[];
  errors: FieldErrors;
  onChange: (tranches: TrancheDraft[], touched: string) => void;
}) {
  const { t } = useTranslation(['rounds']);
  const label = useCellLabel(t('rounds:tranches.tranche'));
  const columns = {
    key: t('rounds:tranches.key'),
    percent: t('rounds:tranches.percent'),
    releaseOn: t('rounds:tranches.releaseOn'),
  };
  const sum = percentSum(tranches);
  return (
    <>
      <RowsEditor
        caption={t('rounds:tranches.caption')}
        columns={[
          { label: columns.key, width: 200 },
          { label: columns.percent, width: 120 },
          { label: columns.releaseOn },
        ]}
        rows={tranches}
        addLabel={t('rounds:tranches.add')}
        removeLabel={(n) => t('rounds:tranches.remove', { n })}
        onAdd={() => {
          const row = newTranche();
          onChange([...tranches, row], 'trancheSchedule');
          return row;
        }}
        onRemove={(index) =>
          onChange(
            tranches.filter((_, i) => i !== index),
            'trancheSchedule.',
          )
        }
        renderCells={(tranche, index) => {
          const field = (name: string) => `trancheSchedule.${index}.${name}`;
          const update = (patch: Partial<TrancheDraft>, name: string) =>
            onChange(patched(tranches, index, patch), field(name));
          return (
            <>
              <Table.Td>
                <TextInput
                  aria-label={label(index + 1, columns.key)}
                  placeholder="first"
                  maxLength={40}
                  autoComplete="off"
                  value={tranche.key}
                  error={errors[field('key')]}
                  onChange={(event) => update({ key: event.currentTarget.value }, 'key')}
                />
              </Table.Td>
              <Table.Td>
                <TextInput
                  aria-label={label(index + 1, columns.percent)}
                  inputMode="numeric"
                  autoComplete="off"
                  rightSection="%"
                  value={tranche.percent}
                  error={errors[field('percent')]}
                  onChange={(event) => update({ percent: event.currentTarget.value }, 'percent')}
                  styles={{ input: { textAlign: 'right' } }}
                />
              </Table.Td>
              <Table.Td>
                <NativeSelect
                  aria-label={label(index + 1, columns.releaseOn)}
                  value={tranche.releaseOn}
                  error={errors[field('releaseOn')]}
                  onChange={(event) =>
                    update({ releaseOn: event.currentTarget.value as TrancheRelease }, 'releaseOn')
                  }
                  data={RELEASES.map((release) => ({
                    value: release,
                    label: t(`rounds:release.${release}`),
                  }))}
                />
              </Table.Td>
            </>
          );
        }}
      />
      <Text size="sm" c={sum === 100 ? 'dimmed' : 'orange.9'} aria-live="polite">
        {sum === 100 ? t('rounds:tranches.sumOk') : t('rounds:tranches.sumOff', { sum })}
      </Text>
    </>
  );
}

/** The grantee reports a round requires, and when each is due. */
export function ReportsEditor({
  reports,
  errors,
  onChange,
}: {
  reports: ReportDraft[];
  errors: FieldErrors;
  onChange: (reports: ReportDraft[], touched: string) => void;
}) {
  const { t } = useTranslation(['rounds']);
  const label = useCellLabel(t('rounds:reports.report'));
  const columns = { kind: t('rounds:reports.kind'), dueOn: t('rounds:reports.dueOn') };
  return (
    <RowsEditor
      caption={t('rounds:reports.caption')}
      columns={[{ label: columns.kind }, { label: columns.dueOn, width: 220 }]}
      minWidth={560}
      rows={reports}
      addLabel={t('rounds:reports.add')}
      removeLabel={(n) => t('rounds:reports.remove', { n })}
      onAdd={() => {
        const row = newReport();
        onChange([...reports, row], 'reportsRequired');
        return row;
      }}
      onRemove={(index) =>
        onChange(
          reports.filter((_, i) => i !== index),
          'reportsRequired.',
        )
      }
      renderCells={(report, index) => {
        const field = (name: string) => `reportsRequired.${index}.${name}`;
        const update = (patch: Partial<ReportDraft>, name: string) =>
          onChange(patched(reports, index, patch), field(name));
        return (
          <>
            <Table.Td>
              <NativeSelect
                aria-label={label(index + 1, columns.kind)}
                value={report.kind}
                error={errors[field('kind')]}
                onChange={(event) =>
                  update({ kind: event.currentTarget.value as ReportKind }, 'kind')
                }
                data={REPORT_KINDS.map((kind) => ({
                  value: kind,
                  label: t(`rounds:reportKind.${kind}`),
                }))}
              />
            </Table.Td>
            <Table.Td>
              <TextInput
                type="date"
                aria-label={label(index + 1, columns.dueOn)}
                max="9999-12-31"
                value={report.dueOn}
                error={errors[field('dueOn')]}
                onChange={(event) => update({ dueOn: event.currentTarget.value }, 'dueOn')}
              />
            </Table.Td>
          </>
        );
      }}
    />
  );
}
