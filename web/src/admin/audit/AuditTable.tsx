import {
  Anchor,
  Badge,
  Button,
  Code,
  SimpleGrid,
  Stack,
  Table,
  Text,
  VisuallyHidden,
} from '@mantine/core';
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { type AuditEvent, useUser } from '../data';
import { When } from '../ui/When';

/** The events of the loaded pages; each opens to its data, request and place in the chain. */
export function AuditTable({ events }: { events: AuditEvent[] }) {
  const { t } = useTranslation(['administration']);
  const [open, setOpen] = useState<string | null>(null);
  return (
    <Table.ScrollContainer minWidth={860}>
      <Table verticalSpacing="sm" aria-label={t('administration:audit.caption')}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('administration:audit.col.seq')}</Table.Th>
            <Table.Th scope="col">{t('administration:audit.col.time')}</Table.Th>
            <Table.Th scope="col">{t('administration:audit.col.action')}</Table.Th>
            <Table.Th scope="col">{t('administration:audit.col.entity')}</Table.Th>
            <Table.Th scope="col">{t('administration:audit.col.actor')}</Table.Th>
            <Table.Th scope="col">
              <VisuallyHidden>{t('administration:audit.col.details')}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {events.map((event) => (
            <Fragment key={event.id}>
              <Table.Tr>
                <Table.Td>{event.seq}</Table.Td>
                <Table.Td>
                  <When at={event.occurredAt} utc />
                </Table.Td>
                <Table.Td>
                  <Code>{event.action}</Code>
                </Table.Td>
                <Table.Td>
                  <Anchor
                    component={Link}
                    to={`/audit?${new URLSearchParams({ entityType: event.entityType, entityId: event.entityId })}`}
                    size="sm"
                  >
                    {event.entityType} · <span translate="no">{event.entityId.slice(0, 8)}</span>
                  </Anchor>
                </Table.Td>
                <Table.Td>
                  <Actor event={event} />
                </Table.Td>
                <Table.Td>
                  <Button
                    size="xs"
                    variant="default"
                    aria-expanded={open === event.id}
                    aria-controls={`event-${event.id}`}
                    aria-label={t('administration:audit.detailsOf', { seq: event.seq })}
                    onClick={() => setOpen(open === event.id ? null : event.id)}
                  >
                    {open === event.id
                      ? t('administration:audit.hide')
                      : t('administration:audit.show')}
                  </Button>
                </Table.Td>
              </Table.Tr>
              {open === event.id && (
                <Table.Tr id={`event-${event.id}`}>
                  <Table.Td colSpan={6}>
                    <EventDetails event={event} />
                  </Table.Td>
                </Table.Tr>
              )}
            </Fragment>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Who acted: the user's name when the caller may read it, else the ID; or the system. */
function Actor({ event }: { event: AuditEvent }) {
  const { t } = useTranslation(['administration']);
  const user = useUser(event.actorId);
  if (!event.actorId)
    return (
      <Badge variant="dot" color="gray">
        {t('administration:audit.system')}
      </Badge>
    );
  return (
    <Stack gap={0}>
      <Anchor component={Link} to={`/audit?actorId=${event.actorId}`} size="sm">
        {user.data?.displayName ?? event.actorId.slice(0, 8)}
      </Anchor>
      <Text size="xs" c="dimmed">
        {t(`administration:audit.actorType.${event.actorType}`, { defaultValue: event.actorType })}
      </Text>
    </Stack>
  );
}

function EventDetails({ event }: { event: AuditEvent }) {
  const { t } = useTranslation(['administration']);
  const item = (label: string, value: React.ReactNode) => (
    <div>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
        {value}
      </Text>
    </div>
  );
  return (
    <Stack gap="sm">
      <SimpleGrid cols={{ base: 1, md: 2 }}>
        {item(t('administration:audit.field.id'), <code>{event.id}</code>)}
        {item(t('administration:audit.field.entityId'), <code>{event.entityId}</code>)}
        {item(t('administration:audit.field.actorId'), <code>{event.actorId ?? '—'}</code>)}
        {item(t('administration:audit.field.requestId'), <code>{event.requestId ?? '—'}</code>)}
        {item(t('administration:audit.field.prevHash'), <code>{event.prevHash}</code>)}
        {item(t('administration:audit.field.hash'), <code>{event.hash}</code>)}
      </SimpleGrid>
      <div>
        <Text size="xs" c="dimmed" id={`data-${event.id}`}>
          {t('administration:audit.field.data')}
        </Text>
        <Code block aria-labelledby={`data-${event.id}`}>
          {JSON.stringify(event.data, null, 2)}
        </Code>
      </div>
    </Stack>
  );
}
