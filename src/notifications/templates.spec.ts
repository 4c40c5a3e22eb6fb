import { Locale, render, TEMPLATE_NAMES, TemplateName, TemplateVars, TEMPLATES } from './templates';

const base = {
  recipientName: 'Hanako Yamada',
  timezone: 'Asia/Tokyo',
  applicationTitle: { en: 'Youth robotics exchange', ja: '青少年ロボット交流' },
  roundCode: 'R-2027',
};

const samples: { [T in TemplateName]: TemplateVars[T] } = {
  'application.cosign_requested': {
    ...base,
    signedCity: { en: 'San Diego' },
    closesAt: '2027-01-31T14:59:00.000Z',
  },
  'application.submitted': {
    ...base,
    requested: [
      { side: 'JP', currency: 'JPY', amountMinor: 1_000_000 },
      { side: 'US', currency: 'USD', amountMinor: 450_000 },
    ],
    submittedAt: '2026-12-01T01:02:03.000Z',
  },
  'application.decided': {
    ...base,
    outcome: 'approved',
    awarded: [{ side: 'US', currency: 'USD', amountMinor: 123_456 }],
    decidedAt: '2027-02-15T00:00:00.000Z',
  },
  'report.due': { ...base, kind: 'interim', dueOn: '2027-06-30' },
  'report.overdue': { ...base, kind: 'final', dueOn: '2027-12-31' },
  'disbursement.paid': {
    ...base,
    tranche: 'first',
    amount: { currency: 'JPY', amountMinor: 500_000 },
    bankReference: 'ZB-0001',
  },
};

const JAPANESE = /[\u3040-\u30ff\u4e00-\u9fff]/;

describe('notification templates', () => {
  it('has an English and a Japanese text for every template', () => {
    expect(Object.keys(TEMPLATES).sort()).toEqual([...TEMPLATE_NAMES].sort());
  });

  describe.each(TEMPLATE_NAMES.flatMap((t) => (['en', 'ja'] as Locale[]).map((l) => [t, l])))(
    '%s in %s',
    (template, locale) => {
      const mail = render(
        template as TemplateName,
        locale as Locale,
        samples[template as TemplateName],
      );

      it('renders a subject and a body with every value filled in', () => {
        expect(mail.subject.trim()).not.toBe('');
        expect(mail.text).toContain(locale === 'ja' ? 'Hanako Yamada 様' : 'Dear Hanako Yamada');
        for (const part of [mail.subject, mail.text]) {
          expect(part).not.toMatch(/undefined|null|NaN|\[object/);
        }
        expect(mail.text).toContain(
          locale === 'ja' ? '青少年ロボット交流' : 'Youth robotics exchange',
        );
      });

      it(locale === 'ja' ? 'is written in Japanese' : 'is written in English', () => {
        if (locale === 'ja') {
          expect(mail.subject).toMatch(JAPANESE);
          expect(mail.text).toMatch(JAPANESE);
        } else {
          // Only the Japanese title could bring Japanese in, and English has its own.
          expect(mail.subject + mail.text).not.toMatch(JAPANESE);
        }
      });
    },
  );

  it('falls back to the other language when the title lacks the recipient’s', () => {
    const vars = { ...samples['application.submitted'], applicationTitle: { en: 'Only English' } };
    expect(render('application.submitted', 'ja', vars).subject).toContain('「Only English」');
  });

  it('shows amounts with formatMoney and instants in the recipient’s zone', () => {
    const ja = render('application.submitted', 'ja', samples['application.submitted']);
    expect(ja.subject).toBe('申請が提出されました：「青少年ロボット交流」');
    expect(ja.text).toContain('- 日本側: JPY 1,000,000');
    expect(ja.text).toContain('- 米国側: USD 4,500.00');
    expect(ja.text).toContain('2026年12月1日');
    const en = render('application.submitted', 'en', {
      ...samples['application.submitted'],
      timezone: 'America/Los_Angeles',
    });
    expect(en.text).toContain('November 30, 2026');
    expect(en.text).toContain('(America/Los_Angeles)');
  });

  it('says the co-sign request in Japanese with the signing city', () => {
    const mail = render(
      'application.cosign_requested',
      'ja',
      samples['application.cosign_requested'],
    );
    expect(mail.subject).toBe('共同申請への署名のお願い：「青少年ロボット交流」');
    expect(mail.text).toContain('San Diegoが共同申請');
    expect(mail.text).toContain('2027年1月31日 23:59');
  });

  it('lists the award only for an approval', () => {
    const rejected = {
      ...samples['application.decided'],
      outcome: 'rejected' as const,
      awarded: [],
    };
    expect(render('application.decided', 'ja', rejected).subject).toContain('不採択');
    expect(render('application.decided', 'en', rejected).text).not.toContain('Awarded');
    expect(render('application.decided', 'en', samples['application.decided']).text).toContain(
      '- U.S. side: USD 1,234.56',
    );
  });

  it('shows an unknown zone in UTC rather than failing', () => {
    const vars = { ...samples['application.cosign_requested'], timezone: 'Mars/Olympus' };
    expect(render('application.cosign_requested', 'en', vars).text).toContain('(UTC)');
  });
});
