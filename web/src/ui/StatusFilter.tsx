import { NativeSelect } from '@mantine/core';
import { useSearchParams } from 'react-router';

/**
 * A list's status filter kept in the URL (`?status=`), so a filtered view can be linked: the
 * status when it is one of `statuses`, else null (all), and a setter.
 */
export function useStatusParam<S extends string>(
  statuses: readonly S[],
): [S | null, (status: string) => void] {
  const [params, setParams] = useSearchParams();
  const status = statuses.find((s) => s === params.get('status')) ?? null;
  return [status, (value) => setParams(value ? { status: value } : {})];
}

interface Props<S extends string> {
  label: string;
  /** The option for no filter. */
  allLabel: string;
  statuses: readonly S[];
  labelOf: (status: S) => string;
  value: S | null;
  onChange: (status: string) => void;
}

/** The select of a list's status filter: every status, or all of them. */
export function StatusFilter<S extends string>(props: Props<S>) {
  const { label, allLabel, statuses, labelOf, value, onChange } = props;
  return (
    <NativeSelect
      label={label}
      w={280}
      value={value ?? ''}
      onChange={(event) => onChange(event.currentTarget.value)}
      data={[
        { value: '', label: allLabel },
        ...statuses.map((s) => ({ value: s, label: labelOf(s) })),
      ]}
    />
  );
}
