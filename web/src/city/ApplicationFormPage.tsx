import {
  Alert,
  Anchor,
  Button,
  Group,
  Modal,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useId, useReducer, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { ApiProblem } from '../api/client';
import { useMe } from '../auth/useSession';
import { Empty, PageLoader, ProblemAlert } from '../ui/States';
import { BudgetEditor } from './applications/BudgetEditor';
import { BudgetTotals } from './applications/BudgetTotals';
import {
  acceptsApplications,
  type ApplicationBody,
  applicationQuery,
  createApplication,
  EDITABLE,
  keys,
  type Partnership,
  type Round,
  type Side,
  updateApplication,
  usePartnerships,
  useRound,
  useRounds,
  type Versioned,
} from './applications/data';
import {
  check,
  emptyForm,
  type FieldErrors,
  type FormValues,
  fromApplication,
  parsedLines,
  sameContent,
  totalsOf,
} from './applications/form';
import { cityName, cityOfSide, pickText, sideOf } from './applications/names';
import { useNotify } from './applications/notify';
import { Warning } from './applications/Warning';
import { StatusBadge } from './applications/StatusBadge';

export function Component() {
  const { id } = useParams();
  return id ? <EditApplication id={id} /> : <NewApplication />;
}

function NewApplication() {
  const { t } = useTranslation(['applications', 'common']);
  const [params] = useSearchParams();
  const partnerships = usePartnerships();
  const rounds = useRounds();
  if (partnerships.isPending || rounds.isPending) return <PageLoader />;
  if (!partnerships.data || !rounds.data) {
    return <ProblemAlert error={partnerships.error ?? rounds.error} />;
  }
  const open = rounds.data.filter((round) => acceptsApplications(round));
  const active = partnerships.data.filter((p) => p.status === 'active');
  const chosen = <T extends { id: string }>(list: T[], wanted: string | null) =>
    list.find((item) => item.id === wanted)?.id ?? (list.length === 1 ? list[0].id : '');
  return (
    <Stack>
      <Title order={2}>{t('applications:form.newTitle')}</Title>
      {open.length === 0 || active.length === 0 ? (
        <Empty>
          {open.length === 0
            ? t('applications:form.noOpenRound')
            : t('applications:form.noPartnership')}{' '}
          <Anchor component={Link} to="/partnerships">
            {t('applications:form.toPartnerships')}
          </Anchor>
        </Empty>
      ) : (
        <ApplicationForm
          initial={emptyForm(
            chosen(open, params.get('roundId')),
            chosen(active, params.get('partnershipId')),
          )}
          rounds={open}
          partnerships={active}
        />
      )}
    </Stack>
  );
}

function EditApplication({ id }: { id: string }) {
  const { t } = useTranslation(['applications', 'common']);
  const application = useQuery(applicationQuery(id));
  const partnerships = usePartnerships();
  const round = useRound(application.data?.application.roundId);
  const [loaded, setLoaded] = useState(0);

  const reload = async () => {
    await application.refetch();
    setLoaded((n) => n + 1);
  };

  const heading = <Title order={2}>{t('applications:form.editTitle')}</Title>;
  if (application.isPending || partnerships.isPending) return <PageLoader />;
  if (!application.data || !partnerships.data) {
    return (
      <Stack>
        {heading}
        <ProblemAlert error={application.error ?? partnerships.error} />
      </Stack>
    );
  }
  if (round.isPending) return <PageLoader />;
  const current = application.data.application;
  const partnership = partnerships.data.find((p) => p.id === current.partnershipId);
  if (!EDITABLE.includes(current.status)) {
    return (
      <Stack>
        {heading}
        <Warning color="gray" title={t('applications:form.notEditable')}>
          <Group gap="xs">
            <StatusBadge status={current.status} />
            <Anchor component={Link} to={`/applications/${id}`}>
              {t('applications:detail.back')}
            </Anchor>
          </Group>
        </Warning>
      </Stack>
    );
  }
  return (
    <Stack>
      {heading}
      <ApplicationForm
        key={loaded}
        base={application.data}
        initial={fromApplication(current)}
        rounds={round.data ? [round.data] : []}
        partnerships={partnership ? [partnership] : []}
        onReload={() => void reload()}
      />
    </Stack>
  );
}

const KNOWN_FIELD =
  /^(?:(?:title|summary)\.(?:en|ja)|startsOn|endsOn|roundId|partnershipId|budgetLines|budgetLines\.\d+\.(?:side|category|description|currency|amountMinor))$/;

/** The API's field errors by field; `unmapped` when one names no input of this form. */
function fieldErrorsOf(problem: ApiProblem): { errors: FieldErrors; unmapped: boolean } {
  const errors: FieldErrors = {};
  let unmapped = false;
  for (const { field, message } of problem.errors) {
    const known = KNOWN_FIELD.test(field)
      ? field
      : /^(title|summary)$/.test(field)
        ? `${field}.en`
        : null;
    // One message per field: the first rule it breaks.
    if (known) errors[known] ??= message;
    else unmapped = true;
  }
  return { errors, unmapped };
}

function ApplicationForm({
  initial,
  base,
  rounds,
  partnerships,
  onReload,
}: {
  initial: FormValues;
  base?: Versioned;
  rounds: Round[];
  partnerships: Partnership[];
  onReload?: () => void;
}) {
  const { t, i18n } = useTranslation(['applications', 'common']);
  const me = useMe().data;
  const navigate = useNavigate();
  const queries = useQueryClient();
  const notify = useNotify();
  const form = useRef<HTMLFormElement>(null);
  const idempotency = useRef<{ body: string; key: string } | null>(null);
  const [snapshot] = useState(base);
  const [values, setValues] = useState(initial);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [problem, setProblem] = useState<unknown>(null);
  const [stale, setStale] = useState(false);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<ApplicationBody | null>(null);
  // A request to focus the first invalid field, honoured once the errors are on the page.
  const [invalidFocus, focusFirstInvalid] = useReducer((n: number) => n + 1, 0);
  useEffect(() => {
    if (invalidFocus) form.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [invalidFocus]);

  const round = rounds.find((r) => r.id === values.roundId);
  const partnership = partnerships.find((p) => p.id === values.partnershipId);
  const mySide: Side =
    (partnership &&
      sideOf({ jpCityId: partnership.jpCity.id, usCityId: partnership.usCity.id }, me?.cityId)) ||
    (partnerships.some((p) => p.usCity.id === me?.cityId) ? 'US' : 'JP');

  /** Applies an edit and clears the errors of the fields it touched (`title.`: every `title.*`). */
  const change = (patch: Partial<FormValues>, ...touched: string[]) => {
    setValues((v) => ({ ...v, ...patch }));
    const hit = (field: string) =>
      touched.some((name) => (name.endsWith('.') ? field.startsWith(name) : field === name));
    if (touched.length) {
      setErrors((current) => Object.fromEntries(Object.entries(current).filter(([f]) => !hit(f))));
    }
  };

  /** The same body keeps its Idempotency-Key, so a repeated click creates one application. */
  const keyFor = (body: ApplicationBody) => {
    const text = JSON.stringify(body);
    if (idempotency.current?.body !== text) {
      idempotency.current = { body: text, key: crypto.randomUUID() };
    }
    return idempotency.current.key;
  };

  const save = async (body: ApplicationBody) => {
    setBusy(true);
    setProblem(null);
    try {
      const { roundId: _round, partnershipId: _partnership, ...changes } = body;
      const result = snapshot
        ? await updateApplication(snapshot.application.id, changes, snapshot.etag)
        : await createApplication(body, keyFor(body));
      const id = result.application.id;
      queries.setQueryData(keys.application(id), result);
      void queries.invalidateQueries({ queryKey: ['city', 'applications'] });
      void queries.invalidateQueries({ queryKey: keys.history(id) });
      notify(t(snapshot ? 'applications:form.saved' : 'applications:form.created'), 'green');
      await navigate(`/applications/${id}`);
    } catch (error) {
      if (error instanceof ApiProblem && error.status === 412) {
        setStale(true);
      } else if (error instanceof ApiProblem && error.errors.length) {
        const mapped = fieldErrorsOf(error);
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
    const checked = check(values, round, t, i18n.language);
    setErrors(checked.errors);
    setProblem(null);
    if (!checked.body) {
      focusFirstInvalid();
      return;
    }
    if (snapshot && sameContent(checked.body, snapshot.application)) {
      notify(t('applications:form.unchanged'));
      void navigate(`/applications/${snapshot.application.id}`);
      return;
    }
    if (snapshot?.application.status === 'awaiting_cosign') setConfirming(checked.body);
    else void save(checked.body);
  };

  const signedBy = snapshot?.application.signatures[0];
  const signer =
    signedBy && partnership ? cityName(cityOfSide(partnership, signedBy.side), i18n.language) : '';
  const hasErrors = Object.keys(errors).length > 0;

  return (
    <form ref={form} onSubmit={submit} noValidate>
      <Stack gap="lg">
        {snapshot?.application.status === 'awaiting_cosign' && (
          <Warning title={t('applications:form.signedWarningTitle')}>
            {t('applications:form.signedWarning', { city: signer })}
          </Warning>
        )}
        {stale && (
          <Warning role="alert" title={t('applications:form.staleTitle')}>
            <Stack gap="xs">
              <Text size="sm">{t('applications:form.stale')}</Text>
              <Button variant="default" w="fit-content" onClick={onReload}>
                {t('applications:form.reload')}
              </Button>
            </Stack>
          </Warning>
        )}

        <Section title={t('applications:form.where')}>
          {snapshot ? (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <ReadOnly
                label={t('applications:form.round')}
                value={round ? pickText(round.title, i18n.language).text : ''}
              />
              <ReadOnly
                label={t('applications:form.partnership')}
                value={partnership ? pairName(partnership, i18n.language) : ''}
              />
            </SimpleGrid>
          ) : (
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <NativeSelect
                label={t('applications:form.round')}
                required
                value={values.roundId}
                error={errors.roundId}
                onChange={(e) =>
                  change({ roundId: e.currentTarget.value }, 'roundId', 'budgetLines')
                }
                data={[
                  { value: '', label: t('applications:form.choose'), disabled: true },
                  ...rounds.map((r) => ({
                    value: r.id,
                    label: `${pickText(r.title, i18n.language).text} (${r.code})`,
                  })),
                ]}
              />
              <NativeSelect
                label={t('applications:form.partnership')}
                required
                value={values.partnershipId}
                error={errors.partnershipId}
                onChange={(e) => change({ partnershipId: e.currentTarget.value }, 'partnershipId')}
                data={[
                  { value: '', label: t('applications:form.choose'), disabled: true },
                  ...partnerships.map((p) => ({ value: p.id, label: pairName(p, i18n.language) })),
                ]}
              />
            </SimpleGrid>
          )}
        </Section>

        <Section title={t('applications:form.about')} hint={t('applications:form.languagesHint')}>
          <SimpleGrid cols={{ base: 1, md: 2 }}>
            {(['en', 'ja'] as const).map((lang) => (
              <TextInput
                key={lang}
                lang={lang}
                label={t(`applications:form.title_${lang}`)}
                maxLength={300}
                value={values.title[lang]}
                error={errors[`title.${lang}`]}
                onChange={(e) =>
                  change({ title: { ...values.title, [lang]: e.currentTarget.value } }, 'title.')
                }
              />
            ))}
            {(['en', 'ja'] as const).map((lang) => (
              <Textarea
                key={lang}
                lang={lang}
                label={t(`applications:form.summary_${lang}`)}
                autosize
                minRows={5}
                maxLength={5000}
                value={values.summary[lang]}
                error={errors[`summary.${lang}`]}
                onChange={(e) =>
                  change(
                    { summary: { ...values.summary, [lang]: e.currentTarget.value } },
                    'summary.',
                  )
                }
              />
            ))}
          </SimpleGrid>
        </Section>

        <Section title={t('applications:form.period')}>
          <Group align="flex-start">
            <TextInput
              type="date"
              label={t('applications:form.startsOn')}
              required
              value={values.startsOn}
              error={errors.startsOn}
              onChange={(e) => change({ startsOn: e.currentTarget.value }, 'startsOn', 'endsOn')}
            />
            <TextInput
              type="date"
              label={t('applications:form.endsOn')}
              required
              min={values.startsOn || undefined}
              value={values.endsOn}
              error={errors.endsOn}
              onChange={(e) => change({ endsOn: e.currentTarget.value }, 'endsOn')}
            />
          </Group>
        </Section>

        <Section title={t('applications:budget.title')} hint={t('applications:budget.hint')}>
          <BudgetEditor
            lines={values.lines}
            errors={errors}
            defaultSide={mySide}
            onChange={(lines, touched) =>
              change({ lines }, ...(touched ? [touched, 'budgetLines'] : []))
            }
          />
          {errors.budgetLines && (
            <Text c="red.9" size="sm" role="alert">
              {errors.budgetLines}
            </Text>
          )}
          <BudgetTotals
            totals={totalsOf(parsedLines(values.lines))}
            maxAward={round?.maxAward}
            caption={t('applications:budget.totalsCaption')}
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
            {snapshot ? t('applications:form.save') : t('applications:form.create')}
          </Button>
          <Button
            variant="default"
            component={Link}
            to={snapshot ? `/applications/${snapshot.application.id}` : '/applications'}
          >
            {t('common:cancel')}
          </Button>
        </Group>
      </Stack>

      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('applications:form.dropSignature.title')}
        closeButtonProps={{ 'aria-label': t('applications:close') }}
      >
        <Stack>
          <Text size="sm">{t('applications:form.dropSignature.body', { city: signer })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('common:cancel')}
            </Button>
            <Button
              color="red.9"
              onClick={() => {
                const body = confirming;
                setConfirming(null);
                if (body) void save(body);
              }}
            >
              {t('applications:form.dropSignature.confirm')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </form>
  );
}

const pairName = (p: Partnership, language: string) =>
  `${cityName(p.jpCity, language)} – ${cityName(p.usCity, language)}`;

function Section({
  title,
  hint,
  children,
}: {
  title: string;
  hint?: string;
  children: React.ReactNode;
}) {
  const id = useId();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Stack gap="sm">
        <Title order={3} size="h4" id={id}>
          {title}
        </Title>
        {hint && (
          <Text size="sm" c="dimmed">
            {hint}
          </Text>
        )}
        {children}
      </Stack>
    </Paper>
  );
}

function ReadOnly({ label, value }: { label: string; value: string }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={500}>
        {label}
      </Text>
      <Text>{value}</Text>
    </Stack>
  );
}
