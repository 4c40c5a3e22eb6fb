import type { EntityManager } from 'typeorm';
import type { Bilingual } from '../common/bilingual';
import type { Currency } from '../common/money/money';
import type { DomainEvent } from '../outbox/domain-events';
import type { Locale, MailBase, Side, SideAmount, TemplateName, TemplateVars } from './templates';

/** One city user an event's e-mail goes to, with what their template needs. */
export interface Addressee<T extends TemplateName = TemplateName> {
  recipientId: string;
  email: string;
  locale: Locale;
  vars: TemplateVars[T];
}

interface AudienceRow {
  recipient_id: string;
  email: string;
  locale: string;
  display_name: string;
  timezone: string;
  title: Bilingual;
  round_code: string;
  closes_at: Date;
  other_city_en: string | null;
  other_city_ja: string | null;
  awarded: { side: Side; currency: Currency; amountMinor: number }[];
}

type Subject = 'application' | 'award';

/**
 * The active city users of an application's cities — both, or the one of side `$2` — with the
 * application, its round and (for a side) the other city, in one query. `$1` is the application
 * id, or the award id whose application it is. Amounts of award lines come back as numbers: the
 * per-side award never exceeds the round's maximum, far below 2^53.
 */
const audienceSql = (subject: Subject) => `
  SELECT u.id AS recipient_id, u.email, u.locale, u.display_name, c.timezone,
         a.title, r.code AS round_code, r.closes_at,
         oc.name_en AS other_city_en, oc.name_ja AS other_city_ja,
         COALESCE((SELECT jsonb_agg(jsonb_build_object('side', l.side, 'currency', l.currency,
                                                       'amountMinor', l.amount_minor)
                                    ORDER BY l.side, l.currency)
                     FROM awards aw JOIN award_lines l ON l.award_id = aw.id
                    WHERE aw.application_id = a.id), '[]') AS awarded
    FROM applications a
    JOIN rounds r ON r.id = a.round_id
    JOIN users u ON u.city_id IN (a.jp_city_id, a.us_city_id)
    JOIN cities c ON c.id = u.city_id
    LEFT JOIN cities oc ON oc.id = CASE $2::varchar WHEN 'JP' THEN a.us_city_id
                                                     WHEN 'US' THEN a.jp_city_id END
   WHERE ${subject === 'application' ? 'a.id = $1' : 'a.id = (SELECT application_id FROM awards WHERE id = $1)'}
     AND u.role = 'city_user' AND u.active
     AND ($2::varchar IS NULL
          OR u.city_id = CASE $2::varchar WHEN 'JP' THEN a.jp_city_id ELSE a.us_city_id END)
   ORDER BY u.id`;

const SQL: Record<Subject, string> = {
  application: audienceSql('application'),
  award: audienceSql('award'),
};

/** An event without what its e-mail needs: retrying cannot help. */
export class MalformedEventError extends Error {}

const text = (payload: Record<string, unknown>, key: string): string => {
  const value = payload[key];
  if (typeof value !== 'string' || value === '') {
    throw new MalformedEventError(`event payload has no "${key}"`);
  }
  return value;
};

const sideOf = (payload: Record<string, unknown>, key: string): Side | null => {
  const value = payload[key];
  return value === 'JP' || value === 'US' ? value : null;
};

const amounts = (value: unknown): SideAmount[] =>
  Array.isArray(value)
    ? (value as SideAmount[]).map(({ side, currency, amountMinor }) => ({
        side,
        currency,
        amountMinor: Number(amountMinor),
      }))
    : [];

/** Who is told of one event type, and what their e-mail says. */
interface Audience<T extends TemplateName> {
  subject: Subject;
  /** The id `$1` of the query (an application or an award). */
  id(payload: Record<string, unknown>): string;
  /** Only the city users of this side's city; null for both cities. */
  side(payload: Record<string, unknown>): Side | null;
  vars(base: MailBase, row: AudienceRow, payload: Record<string, unknown>): TemplateVars[T];
}

const reportReminder: Audience<'report.due'> & Audience<'report.overdue'> = {
  subject: 'award',
  id: (p) => text(p, 'awardId'),
  // A joint report (no single side) concerns both cities.
  side: (p) => sideOf(p, 'side'),
  vars: (base, _row, p) => ({
    ...base,
    kind: p.kind === 'interim' ? 'interim' : 'final',
    dueOn: text(p, 'dueOn'),
  }),
};

/**
 * SPEC §5.11: who gets which e-mail. Co-sign requests go to the city whose turn it is; a paid
 * tranche to the city of its side; reminders to the city the report is owed by.
 */
export const AUDIENCES: { [T in TemplateName]: Audience<T> } = {
  'application.cosign_requested': {
    subject: 'application',
    id: (p) => text(p, 'applicationId'),
    side: (p) => sideOf(p, 'awaitingSide'),
    vars: (base, row) => ({
      ...base,
      signedCity: { en: row.other_city_en ?? undefined, ja: row.other_city_ja ?? undefined },
      closesAt: row.closes_at.toISOString(),
    }),
  },
  'application.submitted': {
    subject: 'application',
    id: (p) => text(p, 'applicationId'),
    side: () => null,
    vars: (base, _row, p) => ({
      ...base,
      requested: amounts(p.requested),
      submittedAt: text(p, 'submittedAt'),
    }),
  },
  'application.decided': {
    subject: 'application',
    id: (p) => text(p, 'applicationId'),
    side: () => null,
    vars: (base, row, p) => {
      const outcome = text(p, 'outcome') as TemplateVars['application.decided']['outcome'];
      return {
        ...base,
        outcome,
        awarded: outcome === 'approved' ? amounts(row.awarded) : [],
        decidedAt: text(p, 'decidedAt'),
      };
    },
  },
  'report.due': reportReminder,
  'report.overdue': reportReminder,
  'disbursement.paid': {
    subject: 'award',
    id: (p) => text(p, 'awardId'),
    side: (p) => sideOf(p, 'side'),
    vars: (base, _row, p) => ({
      ...base,
      tranche: text(p, 'tranche'),
      amount: {
        amountMinor: Number(p.amountMinor),
        currency: text(p, 'currency') as Currency,
      },
      bankReference: typeof p.bankReference === 'string' ? p.bankReference : '-',
    }),
  },
};

/** Everyone `event` is e-mailed to, in one query. */
export async function addresseesOf<T extends TemplateName>(
  manager: EntityManager,
  template: T,
  event: DomainEvent,
): Promise<Addressee<T>[]> {
  const audience = AUDIENCES[template] as Audience<T>;
  const rows = (await manager.query(SQL[audience.subject], [
    audience.id(event.payload),
    audience.side(event.payload),
  ])) as AudienceRow[];
  return rows.map((row) => {
    const locale: Locale = row.locale === 'ja' ? 'ja' : 'en';
    const base: MailBase = {
      recipientName: row.display_name,
      timezone: row.timezone,
      applicationTitle: row.title,
      roundCode: row.round_code,
    };
    return {
      recipientId: row.recipient_id,
      email: row.email,
      locale,
      vars: audience.vars(base, row, event.payload),
    };
  });
}
