import {
  Alert,
  Anchor,
  Button,
  Group,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { ApiProblem } from '../../api/client';
import { useNotify } from '../../city/applications/notify';
import { Warning } from '../../city/applications/Warning';
import { PageLoader, ProblemAlert } from '../../ui/States';
import {
  createRound,
  keys,
  type RoundBody,
  roundQuery,
  updateRound,
  useManagesRounds,
  useUsTimeZones,
  type Versioned,
} from './data';
import { ReportsEditor, RubricEditor, TrancheEditor } from './Editors';
import {
  check,
  emptyForm,
  type FieldErrors,
  fieldErrorsOf,
  type FormValues,
  fromJapanWallClock,
  fromRound,
} from './form';
import { MoneyEditor } from './MoneyEditor';
import { Section } from './Section';
import { RoundStatusBadge } from './StatusBadge';
import { Zones } from './Zones';

export function Component() {
  const { id } = useParams();
  const { t } = useTranslation(['rounds']);
  // Only the program office writes rounds (the API refuses anyone else): no form to fill in vain.
  if (!useManagesRounds()) {
    return (
      <Stack>
        <Title order={2}>{t(id ? 'rounds:form.editTitle' : 'rounds:form.newTitle')}</Title>
        <Warning title={t('rounds:form.officeOnlyTitle')}>{t('rounds:form.officeOnly')}</Warning>
      </Stack>
    );
  }
  return id ? <EditRound id={id} /> : <NewRound />;
}

function NewRound() {
  const { t } = useTranslation(['rounds']);
  return (
    <Stack>
      <Title order={2}>{t('rounds:form.newTitle')}</Title>
      <RoundForm initial={emptyForm()} />
    </Stack>
  );
}

/** Only a draft can be edited (the API refuses otherwise): what applicants saw stays put. */
function EditRound({ id }: { id: string }) {
  const { t } = useTranslation(['rounds']);
  const round = useQuery(roundQuery(id));
  const [loaded, setLoaded] = useState(0);

  const reload = async () => {
    await round.refetch();
    setLoaded((n) => n + 1);
  };

  const heading = <Title order={2}>{t('rounds:form.editTitle')}</Title>;
  if (round.isPending) return <PageLoader />;
  if (round.isError) {
    return (
      <Stack>
        {heading}
        <ProblemAlert error={round.error} onRetry={() => void round.refetch()} />
      </Stack>
    );
  }
  const current = round.data.round;
  if (current.status !== 'draft') {
    return (
      <Stack>
        {heading}
        <Warning color="gray" title={t('rounds:form.notEditable')}>
          <Group gap="xs">
            <RoundStatusBadge status={current.status} />
            <Anchor component={Link} to={`/rounds/${id}`}>
              {t('rounds:page.backToRound')}
            </Anchor>
          </Group>
        </Warning>
      </Stack>
    );
  }
  return (
    <Stack>
      {heading}
      <RoundForm
        key={loaded}
        base={round.data}
        initial={fromRound(current)}
        onReload={() => void reload()}
      />
    </Stack>
  );
}

function RoundForm({
  initial,
  base,
  onReload,
}: {
  initial: FormValues;
  base?: Versioned;
  onReload?: () => void;
}) {
  const { t, i18n } = useTranslation(['rounds', 'common']);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const notify = useNotify();
  const usZones = useUsTimeZones().data ?? [];
  const form = useRef<HTMLFormElement>(null);
  const idempotency = useRef<{ body: string; key: string } | null>(null);
  const [snapshot] = useState(base);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  // A request to focus the first invalid field, honoured once the errors are on the page.
  const [invalidFocus, focusFirstInvalid] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (invalidFocus) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalidFocus]);

  /** Applies an edit and clears the errors of the fields it touched (`title.`: every `title.*`). */
  const change = (patch: Partial<FormValues>, ...touched: string[]) => {
    setValues((v) => ({ ...v, ...patch }));
    const hit = (field: string) =>
      touched.some((name) => (name.endsWith('.') ? field.startsWith(name) : field === name));
    if (touched.length) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([f]) => !hit(f))));
    }
  };

  /** The same body keeps its Idempotency-Key, so a repeated click creates one round. */
  const keyFor = (body: RoundBody) => {
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) {
      idempotency.current = { body: text, key: crypto.randomUUID() };
    }
    return idempotency.current.key;
  };

  const save = async (body: RoundBody) => {
    setBusy(true);
    setProblem(null);
    try {
      const result = snapshot
        ? await updateRound(snapshot.round.id, body, snapshot.etag)
        : await createRound(body, keyFor(body));
      const id = result.round.id;
      queries.setQueryData(keys.round(id), result);
      void queries.invalidateQueries({ queryKey: keys.all });
      notify(t(snapshot ? 'rounds:form.saved' : 'rounds:form.created'), 'green');
      await navigate(`/rounds/${id}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 412) {
        setStale(true);
      } else if (error instanceof ApiProblem && error.code === 'conflict') {
        // The one conflict a round's body can cause: its code is another round's.
        setErrors({ code: t('rounds:form.errors.codeTaken', { code: body.code }) });
        focusFirstInvalid();
      } else if (error instanceof ApiProblem && error.errors.length) {
        const mapped = fieldErrorsOf(error, body);
        setErrors(mapped.errors);
        setProblem(mapped.unmapped ? error : null);
        focusFirstInvalid();
      } else {
        setProblem(error);
      }
    } finally {
      setBusy(false);
    }
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (busy) return;
    const checked = check(values, t, i18n.language);
    setErrors(checked.errors);
    setProblem(null);
    if (!checked.body) {
      focusFirstInvalid();
      return;
    }
    void save(checked.body);
  };

  const hasErrors = Object.keys(errors).length > 0;
  const cancelTo = snapshot ? `/rounds/${snapshot.round.id}` : '/rounds';

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <Stack gap="lg">
        {stale && (
          <Warning role="alert" title={t('rounds:form.staleTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('rounds:form.stale')}</Text>
              <Button variant="default" w="fit-content" onClick={onReload}>
                {t('rounds:form.reload')}
              </Button>
            </Stack>
          </Warning>
        )}

        <Section title={t('rounds:form.about')} hint={t('rounds:form.languagesHint')}>
          <TextInput
            label={t('rounds:form.code')}
            description={t('rounds:form.codeHint')}
            required
            maxLength={40}
            autoComplete="off"
            value={values.code}
            error={errors.code}
            onChange={(e) => change({ code: e.currentTarget.value }, 'code')}
            w={{ base: '100%', sm: 320 }}
          />
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {(['en', 'ja'] as const).map((lang) => (
              <TextInput
                key={lang}
                lang={lang}
                label={t(`rounds:form.title_${lang}`)}
                maxLength={300}
                value={values.title[lang]}
                error={errors[`title.${lang}`]}
                onChange={(e) =>
                  change({ title: { ...values.title, [lang]: e.currentTarget.value } }, 'title.')
                }
              />
            ))}
          </SimpleGrid>
        </Section>

        <Section title={t('rounds:form.window')} hint={t('rounds:form.windowHint')}>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {(['opensAt', 'closesAt'] as const).map((field) => {
              const instant = fromJapanWallClock(values[field]);
              return (
                <Stack key={field} gap={4}>
                  <TextInput
                    type="datetime-local"
                    label={t(`rounds:form.${field}`)}
                    required
                    max="9999-12-31T23:59"
                    value={values[field]}
                    error={errors[field]}
                    onChange={(e) => change({ [field]: e.currentTarget.value }, field, 'closesAt')}
                  />
                  {instant && usZones.length > 0 && (
                    <Zones iso={instant} usZones={usZones} size="xs" />
                  )}
                </Stack>
              );
            })}
          </SimpleGrid>
        </Section>

        <Section title={t('rounds:money.title')} hint={t('rounds:money.hint')}>
          <MoneyEditor
            money={values.money}
            errors={errors}
            onChange={(money, touched) => change({ money }, touched)}
          />
        </Section>

        <Section title={t('rounds:rubric.title')} hint={t('rounds:rubric.hint')}>
          <TextInput
            label={t('rounds:form.reviewers')}
            description={t('rounds:form.reviewersHint')}
            inputMode="numeric"
            autoComplete="off"
            required
            value={values.reviewersPerApplication}
            error={errors.reviewersPerApplication}
            onChange={(e) =>
              change({ reviewersPerApplication: e.currentTarget.value }, 'reviewersPerApplication')
            }
            w={{ base: '100%', sm: 320 }}
          />
          <RubricEditor
            rubric={values.rubric}
            errors={errors}
            onChange={(rubric, touched) => change({ rubric }, touched)}
          />
          {errors.rubric && (
            <Text c="red.9" size="sm" role="alert">
              {errors.rubric}
            </Text>
          )}
        </Section>

        <Section title={t('rounds:tranches.title')} hint={t('rounds:tranches.hint')}>
          <TrancheEditor
            tranches={values.tranches}
            errors={errors}
            onChange={(tranches, touched) => change({ tranches }, touched)}
          />
        </Section>

        <Section title={t('rounds:reports.title')} hint={t('rounds:reports.hint')}>
          <ReportsEditor
            reports={values.reports}
            errors={errors}
            onChange={(reports, touched) => change({ reports }, touched)}
          />
        </Section>

        {hasErrors && !problem && (
          <Alert color="red" role="alert">
            {t('common:errors.fields')}
          </Alert>
        )}
        <ProblemAlert error={problem} fieldsOnForm />
        <Group>
          <Button type="submit" loading={busy} disabled={stale}>
            {snapshot ? t('rounds:form.save') : t('rounds:form.create')}
          </Button>
          <Button variant="default" component={Link} to={cancelTo}>
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
