import {
  Alert,
  Group,
  Modal,
  Radio,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Button,
} from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiProblem } from '../../api/client';
import type { Application } from '../../city/applications/data';
import { formatMoney } from '../../money';
import { BusyButton } from '../../ui/BusyButton';
import { formatDate } from '../../time';
import { ProblemAlert } from '../../ui/States';
import {
  DECIDABLE,
  decide,
  type DecisionBody,
  type DecisionResult,
  keys,
  outcomesFrom,
  useBudget,
} from './data';
import {
  apiFieldErrors,
  type CheckedDecision,
  checkDecision,
  type DecisionErrors,
  type DecisionValues,
  slotKey,
  slotsOf,
} from './decision';

const FIELD_ORDER = (slots: string[]) => ['outcome', ...slots, 'awards', 'rationale'];

/**
 * The office's decision on an application in review (SPEC §5.5): approve with an amount per side
 * in its own currency, decline or waitlist, always with a rationale; confirmed in a dialog, then
 * sent once (the idempotency key is made on confirming, so a retried click replays it).
 */
export function Decision({
  application,
  onDecided,
}: {
  application: Application;
  onDecided: () => void;
}) {
  const { t, i18n } = useTranslation(['decisions', 'applications', 'common']);
  const queries = useQueryClient();
  const language = i18n.language;
  const slots = slotsOf(application);
  const budget = useBudget(application.roundId);
  const [values, setValues] = useState<DecisionValues>({ outcome: '', amounts: {}, rationale: '' });
  const [errors, setErrors] = useState<DecisionErrors>({});
  const [checked, setChecked] = useState<CheckedDecision | null>(null);
  const [opened, { open, close }] = useDisclosure(false);
  const fields = useRef(new Map<string, HTMLElement | null>());
  const key = useRef<{ body: DecisionBody; key: string } | null>(null);
  const bind = (name: string) => (element: HTMLElement | null) => {
    fields.current.set(name, element);
  };
  const focusFirst = (errs: DecisionErrors) => {
    const first = FIELD_ORDER(slots.map(slotKey)).find((name) => errs[name]);
    if (first) fields.current.get(first)?.focus();
  };

  const send = useMutation({
    mutationFn: (body: DecisionBody) => {
      // The same body confirmed twice is the same decision: it keeps its key.
      if (JSON.stringify(key.current?.body) !== JSON.stringify(body)) {
        key.current = { body, key: crypto.randomUUID() };
      }
      return decide(application.id, body, key.current!.key);
    },
    onSuccess: (result) => {
      close();
      notifications.show({
        closeButtonProps: { 'aria-label': t('decisions:close') },
        color: 'green',
        message: t(`decisions:decision.done.${result.decision.outcome}`),
      });
      void queries.invalidateQueries({ queryKey: keys.all });
      onDecided();
    },
    onError: (error) => {
      close();
      if (error instanceof ApiProblem && error.errors.length) {
        const mapped = apiFieldErrors(error.errors, checked?.slotOfAward ?? []);
        setErrors(mapped);
        requestAnimationFrame(() => focusFirst(mapped));
      }
      // Decided meanwhile (409): the page shows the application as it is now.
      if (error instanceof ApiProblem && error.code === 'invalid_state') onDecided();
    },
  });

  if (send.data) return <Decided result={send.data} />;
  if (!DECIDABLE.includes(application.status)) {
    const decided = ['approved', 'rejected'].includes(application.status);
    return (
      <Stack gap="sm">
        <DecisionRefusal error={send.error} />
        <Text size="sm">
          {decided
            ? t('decisions:decision.decided', {
                status: t(`applications:status.${application.status}`),
              })
            : t('decisions:decision.notYet', {
                status: t(`applications:status.${application.status}`),
              })}
        </Text>
      </Stack>
    );
  }

  const set = (change: Partial<DecisionValues>, field: string) => {
    setValues((v) => ({ ...v, ...change }));
    setErrors(({ [field]: _dropped, awards: _none, ...rest }) => rest);
  };

  const submit = (event: React.FormEvent) => {
    event.preventDefault();
    if (send.isPending) return;
    const result = checkDecision(values, slots, budget.data, t, language);
    setChecked(result);
    setErrors(result.errors);
    send.reset();
    if (!result.body) return focusFirst(result.errors);
    open();
  };

  const outcome = values.outcome;
  const remaining = (currency: string) =>
    budget.data?.find((b) => b.currency === currency)?.remainingMinor;
  const warnings = outcome === 'approved' ? (checked?.warnings ?? {}) : {};

  return (
    <form onSubmit={submit} noValidate aria-label={t('decisions:decision.title')}>
      <Stack gap="md">
        <Radio.Group
          label={t('decisions:decision.outcome')}
          value={outcome}
          onChange={(value) => set({ outcome: value as DecisionValues['outcome'] }, 'outcome')}
          error={errors.outcome}
          required
        >
          <Stack gap="xs" mt="xs">
            {outcomesFrom(application.status).map((o, index) => (
              <Radio
                key={o}
                value={o}
                label={t(`decisions:decision.outcomes.${o}`)}
                ref={index === 0 ? bind('outcome') : undefined}
              />
            ))}
          </Stack>
        </Radio.Group>

        {outcome === 'approved' && (
          <Stack gap="xs" component="fieldset" style={{ border: 0, padding: 0, margin: 0 }}>
            <Text component="legend" fw={600} size="sm">
              {t('decisions:decision.amounts')}
            </Text>
            <Text size="sm" c="dimmed">
              {t('decisions:decision.amountsHint')}
            </Text>
            {slots.map((slot) => {
              const name = slotKey(slot);
              const left = remaining(slot.currency);
              const requested = formatMoney(slot.requestedMinor, slot.currency, language);
              return (
                <TextInput
                  key={name}
                  ref={bind(name)}
                  label={t('decisions:decision.amountLabel', {
                    side: t(`common:sides.${slot.side}`),
                    currency: t(`applications:currency.${slot.currency}`),
                  })}
                  description={
                    left === undefined
                      ? t('decisions:decision.amountHintNoBudget', { requested })
                      : t('decisions:decision.amountHint', {
                          requested,
                          remaining: formatMoney(left, slot.currency, language),
                        })
                  }
                  leftSection={slot.currency === 'JPY' ? '¥' : '$'}
                  inputMode={slot.currency === 'JPY' ? 'numeric' : 'decimal'}
                  autoComplete="off"
                  w={{ base: '100%', sm: 420 }}
                  value={values.amounts[name] ?? ''}
                  onChange={(event) =>
                    set({ amounts: { ...values.amounts, [name]: event.currentTarget.value } }, name)
                  }
                  error={errors[name] ?? warnings[name]}
                />
              );
            })}
            {errors.awards && (
              <Text size="sm" c="red.9" role="alert">
                {errors.awards}
              </Text>
            )}
            <Text size="sm">{t('decisions:decision.fx')}</Text>
          </Stack>
        )}

        <Textarea
          ref={bind('rationale')}
          label={t('decisions:decision.rationale')}
          description={t('decisions:decision.rationaleHint')}
          required
          autosize
          minRows={3}
          maxLength={5000}
          value={values.rationale}
          onChange={(event) => set({ rationale: event.currentTarget.value }, 'rationale')}
          error={errors.rationale}
        />

        <DecisionRefusal error={send.error} />

        <Group>
          <Button type="submit">{t('decisions:decision.submit')}</Button>
        </Group>
      </Stack>

      {checked?.body && (
        <ConfirmDecision
          opened={opened}
          onClose={close}
          body={checked.body}
          busy={send.isPending}
          onConfirm={() => {
            if (!send.isPending) send.mutate(checked.body!);
          }}
        />
      )}
    </form>
  );
}

/** The API's refusal, with what can cause it in the user's words above the API's own detail. */
function DecisionRefusal({ error }: { error: unknown }) {
  const { t } = useTranslation(['decisions']);
  if (!error) return null;
  const code = error instanceof ApiProblem ? error.code : null;
  const explained = code === 'rule_violation' || code === 'invalid_state';
  return (
    <Stack gap={0}>
      {explained && (
        <Alert color="orange" title={t('decisions:decision.refusedTitle')}>
          <Text size="sm">{t(`decisions:decision.refused.${code}`)}</Text>
        </Alert>
      )}
      <ProblemAlert error={error} fieldsOnForm />
    </Stack>
  );
}

function ConfirmDecision({
  opened,
  onClose,
  body,
  busy,
  onConfirm,
}: {
  opened: boolean;
  onClose: () => void;
  body: DecisionBody;
  busy: boolean;
  onConfirm: () => void;
}) {
  const { t, i18n } = useTranslation(['decisions', 'common']);
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      title={t(`decisions:decision.confirmTitle.${body.outcome}`)}
      centered
      closeButtonProps={{ 'aria-label': t('decisions:close') }}
    >
      <Stack>
        <Text size="sm">{t(`decisions:decision.confirmBody.${body.outcome}`)}</Text>
        {body.awards && (
          <Stack gap={2}>
            <Text size="sm" fw={600}>
              {t('decisions:decision.confirmAmounts')}
            </Text>
            {body.awards.map((a) => (
              <Text size="sm" key={`${a.side}:${a.currency}`}>
                {t(`common:sides.${a.side}`)}:{' '}
                {formatMoney(a.amountMinor, a.currency, i18n.language)}
              </Text>
            ))}
          </Stack>
        )}
        <Stack gap={2}>
          <Text size="sm" fw={600}>
            {t('decisions:decision.confirmRationale')}
          </Text>
          <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
            {body.rationale}
          </Text>
        </Stack>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common:cancel')}
          </Button>
          <BusyButton
            busy={busy}
            data-autofocus
            color={body.outcome === 'rejected' ? 'red.8' : undefined}
            onClick={onConfirm}
          >
            {t(`decisions:decision.confirm.${body.outcome}`)}
          </BusyButton>
        </Group>
      </Stack>
    </Modal>
  );
}

/** What the decision recorded: its outcome and, for an approval, the award's amounts and FX. */
function Decided({ result }: { result: DecisionResult }) {
  const { t, i18n } = useTranslation(['decisions', 'applications', 'common']);
  const language = i18n.language;
  const award = result.award;
  return (
    <Stack gap="sm">
      <Text fw={600} role="status">
        {t(`decisions:decision.done.${result.decision.outcome}`)}
      </Text>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
        {result.decision.rationale}
      </Text>
      {award && (
        <>
          <Table
            withTableBorder
            verticalSpacing="xs"
            aria-label={t('decisions:decision.awardCaption')}
          >
            <Table.Tbody>
              {award.lines.map((line) => (
                <Table.Tr key={`${line.side}:${line.currency}`}>
                  <Table.Th scope="row">{t(`common:sides.${line.side}`)}</Table.Th>
                  <Table.Td ta="right">
                    {formatMoney(line.amountMinor, line.currency, language)}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm">
            {award.usdTotalMinor === null
              ? t('decisions:decision.usdPending')
              : award.fxRateJpyPerUsd
                ? t('decisions:decision.usdTotal', {
                    total: formatMoney(award.usdTotalMinor, 'USD', language),
                    rate: award.fxRateJpyPerUsd,
                    date: award.fxRateEffectiveOn
                      ? formatDate(award.fxRateEffectiveOn, language)
                      : '',
                  })
                : t('decisions:decision.usdTotalUsdOnly', {
                    total: formatMoney(award.usdTotalMinor, 'USD', language),
                  })}
          </Text>
        </>
      )}
    </Stack>
  );
}
