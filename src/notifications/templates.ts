import type { Bilingual } from '../common/bilingual';
import { formatMoney, type Money } from '../common/money/money';

export type Locale = 'en' | 'ja';
export type Side = 'JP' | 'US';

/** What every e-mail knows: who it greets, in which zone its instants are shown, which application. */
export interface MailBase {
  recipientName: string;
  /** IANA zone of the recipient's city. */
  timezone: string;
  applicationTitle: Bilingual;
  roundCode: string;
}

export interface SideAmount extends Money {
  side: Side;
}

/** Each template's data, language-neutral: the recipient's language is chosen when rendering. */
export interface TemplateVars {
  'application.cosign_requested': MailBase & { signedCity: Bilingual; closesAt: string };
  'application.submitted': MailBase & { requested: SideAmount[]; submittedAt: string };
  'application.decided': MailBase & {
    outcome: 'approved' | 'rejected' | 'waitlisted';
    awarded: SideAmount[];
    decidedAt: string;
  };
  'report.due': MailBase & { kind: 'interim' | 'final'; dueOn: string };
  'report.overdue': MailBase & { kind: 'interim' | 'final'; dueOn: string };
  'disbursement.paid': MailBase & { tranche: string; amount: Money; bankReference: string };
}

export type TemplateName = keyof TemplateVars;

export const TEMPLATE_NAMES = [
  'application.cosign_requested',
  'application.submitted',
  'application.decided',
  'report.due',
  'report.overdue',
  'disbursement.paid',
] as const satisfies readonly TemplateName[];

export interface RenderedMail {
  subject: string;
  text: string;
}

/** The locale's helpers a template writes with. */
interface Say {
  title: string;
  text(value: Bilingual): string;
  /** An instant, in the recipient's zone. */
  at(iso: string): string;
  /** A calendar day `YYYY-MM-DD`. */
  day(isoDay: string): string;
  amounts(list: SideAmount[]): string;
}

type Template<V> = Record<
  Locale,
  { subject(v: V, say: Say): string; text(v: V, say: Say): string }
>;

const SIDE: Record<Locale, Record<Side, string>> = {
  en: { JP: 'Japanese side', US: 'U.S. side' },
  ja: { JP: '日本側', US: '米国側' },
};

const KIND: Record<Locale, Record<'interim' | 'final', string>> = {
  en: { interim: 'interim', final: 'final' },
  ja: { interim: '中間', final: '最終' },
};

const OUTCOME: Record<Locale, Record<TemplateVars['application.decided']['outcome'], string>> = {
  en: { approved: 'approved', rejected: 'not approved', waitlisted: 'placed on the waitlist' },
  ja: { approved: '採択', rejected: '不採択', waitlisted: '補欠（採択待ち）' },
};

const SIGNATURE: Record<Locale, string> = {
  en: '\n\n—\nJapan–U.S. Subnational Diplomacy Grants\nThis message was sent automatically; please do not reply.',
  ja: '\n\n—\n日米地方間交流助成事業 事務局\nこのメールは自動送信されています。返信はできません。',
};

/** The templates (SPEC §5.11): plain text, one per event, in English and Japanese. */
export const TEMPLATES: { [T in TemplateName]: Template<TemplateVars[T]> } = {
  'application.cosign_requested': {
    en: {
      subject: (v, say) => `Please co-sign the joint application “${say.title}”`,
      text: (v, say) =>
        `Dear ${v.recipientName},\n\n` +
        `${say.text(v.signedCity)} has signed the joint application “${say.title}” ` +
        `(round ${v.roundCode}). It is submitted once your city signs it too.\n\n` +
        `Please review the application and add your city's signature before the round closes ` +
        `on ${say.at(v.closesAt)}.`,
    },
    ja: {
      subject: (v, say) => `共同申請への署名のお願い：「${say.title}」`,
      text: (v, say) =>
        `${v.recipientName} 様\n\n` +
        `${say.text(v.signedCity)}が共同申請「${say.title}」（ラウンド ${v.roundCode}）に署名しました。` +
        `貴市の署名をもって申請が提出されます。\n\n` +
        `申請内容をご確認のうえ、${say.at(v.closesAt)}の締切までに署名をお願いいたします。`,
    },
  },
  'application.submitted': {
    en: {
      subject: (v, say) => `Application submitted: “${say.title}”`,
      text: (v, say) =>
        `Dear ${v.recipientName},\n\n` +
        `Both cities have signed, and the joint application “${say.title}” (round ` +
        `${v.roundCode}) was submitted on ${say.at(v.submittedAt)}.\n\n` +
        `Requested:\n${say.amounts(v.requested)}\n\n` +
        `We will let you know when a decision has been made.`,
    },
    ja: {
      subject: (v, say) => `申請が提出されました：「${say.title}」`,
      text: (v, say) =>
        `${v.recipientName} 様\n\n` +
        `両市の署名がそろい、共同申請「${say.title}」（ラウンド ${v.roundCode}）は` +
        `${say.at(v.submittedAt)}に提出されました。\n\n` +
        `申請額：\n${say.amounts(v.requested)}\n\n` +
        `審査結果が決まりましたら、あらためてお知らせいたします。`,
    },
  },
  'application.decided': {
    en: {
      subject: (v, say) => `Decision on “${say.title}”: ${OUTCOME.en[v.outcome]}`,
      text: (v, say) =>
        `Dear ${v.recipientName},\n\n` +
        `On ${say.at(v.decidedAt)} the joint application “${say.title}” (round ` +
        `${v.roundCode}) was ${OUTCOME.en[v.outcome]}.` +
        (v.awarded.length ? `\n\nAwarded:\n${say.amounts(v.awarded)}` : ''),
    },
    ja: {
      subject: (v, say) => `審査結果のお知らせ（${OUTCOME.ja[v.outcome]}）：「${say.title}」`,
      text: (v, say) =>
        `${v.recipientName} 様\n\n` +
        `共同申請「${say.title}」（ラウンド ${v.roundCode}）の審査結果は` +
        `「${OUTCOME.ja[v.outcome]}」となりました（${say.at(v.decidedAt)}決定）。` +
        (v.awarded.length ? `\n\n助成額：\n${say.amounts(v.awarded)}` : ''),
    },
  },
  'report.due': {
    en: {
      subject: (v, say) => `Reminder: ${KIND.en[v.kind]} report due ${say.day(v.dueOn)}`,
      text: (v, say) =>
        `Dear ${v.recipientName},\n\n` +
        `The ${KIND.en[v.kind]} report for “${say.title}” (round ${v.roundCode}) is due on ` +
        `${say.day(v.dueOn)}. Please submit it by then.`,
    },
    ja: {
      subject: (v, say) =>
        `${KIND.ja[v.kind]}報告書の提出期限が近づいています（${say.day(v.dueOn)}）`,
      text: (v, say) =>
        `${v.recipientName} 様\n\n` +
        `「${say.title}」（ラウンド ${v.roundCode}）の${KIND.ja[v.kind]}報告書の提出期限は` +
        `${say.day(v.dueOn)}です。期限までにご提出ください。`,
    },
  },
  'report.overdue': {
    en: {
      subject: (v, say) => `Overdue: ${KIND.en[v.kind]} report for “${say.title}”`,
      text: (v, say) =>
        `Dear ${v.recipientName},\n\n` +
        `The ${KIND.en[v.kind]} report for “${say.title}” (round ${v.roundCode}) was due on ` +
        `${say.day(v.dueOn)} and has not been submitted. Payments held for this report stay ` +
        `on hold until it is accepted; please submit it as soon as possible.`,
    },
    ja: {
      subject: (v, say) => `${KIND.ja[v.kind]}報告書の提出期限を過ぎています：「${say.title}」`,
      text: (v, say) =>
        `${v.recipientName} 様\n\n` +
        `「${say.title}」（ラウンド ${v.roundCode}）の${KIND.ja[v.kind]}報告書は、提出期限の` +
        `${say.day(v.dueOn)}を過ぎても提出されていません。報告書が受理されるまで、` +
        `関連する助成金のお支払いは保留となります。至急ご提出ください。`,
    },
  },
  'disbursement.paid': {
    en: {
      subject: (v, say) => `Payment made: ${formatMoney(v.amount)} for “${say.title}”`,
      text: (v, say) =>
        `Dear ${v.recipientName},\n\n` +
        `The “${v.tranche}” tranche of the grant for “${say.title}” (round ${v.roundCode}), ` +
        `${formatMoney(v.amount)}, has been paid.\n\nBank reference: ${v.bankReference}`,
    },
    ja: {
      subject: (v, say) => `助成金のお支払い完了（${formatMoney(v.amount)}）：「${say.title}」`,
      text: (v, say) =>
        `${v.recipientName} 様\n\n` +
        `「${say.title}」（ラウンド ${v.roundCode}）の助成金のうち「${v.tranche}」分、` +
        `${formatMoney(v.amount)}のお支払いが完了しました。\n\n銀行照会番号：${v.bankReference}`,
    },
  },
};

/** The text in `locale`, else the other language (Bilingual needs only one of them). */
export function inLocale(value: Bilingual, locale: Locale): string {
  return (locale === 'ja' ? (value.ja ?? value.en) : (value.en ?? value.ja)) ?? '';
}

const INTL_LOCALE: Record<Locale, string> = { en: 'en-US', ja: 'ja-JP' };

function formatInstant(iso: string, locale: Locale, timeZone: string): string {
  const options = { dateStyle: 'long', timeStyle: 'short' } as const;
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat(INTL_LOCALE[locale], { timeZone: zone });
  } catch {
    // A zone this runtime does not know: UTC, said so, rather than no e-mail.
    zone = 'UTC';
  }
  const shown = new Intl.DateTimeFormat(INTL_LOCALE[locale], { ...options, timeZone: zone });
  return `${shown.format(new Date(iso))} (${zone})`;
}

function formatDay(isoDay: string, locale: Locale): string {
  const day = new Date(`${isoDay.slice(0, 10)}T00:00:00Z`);
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    dateStyle: 'long',
    timeZone: 'UTC',
  }).format(day);
}

function sayIn(locale: Locale, v: MailBase): Say {
  return {
    title: inLocale(v.applicationTitle, locale),
    text: (value) => inLocale(value, locale),
    at: (iso) => formatInstant(iso, locale, v.timezone),
    day: (isoDay) => formatDay(isoDay, locale),
    amounts: (list) =>
      list.length
        ? list.map((a) => `- ${SIDE[locale][a.side]}: ${formatMoney(a)}`).join('\n')
        : '-',
  };
}

export function isTemplateName(value: string): value is TemplateName {
  return (TEMPLATE_NAMES as readonly string[]).includes(value);
}

export function render<T extends TemplateName>(
  template: T,
  locale: Locale,
  vars: TemplateVars[T],
): RenderedMail {
  const say = sayIn(locale, vars);
  const texts = TEMPLATES[template][locale] as Template<TemplateVars[T]>[Locale];
  return {
    subject: texts.subject(vars, say),
    text: texts.text(vars, say) + SIGNATURE[locale],
  };
}
