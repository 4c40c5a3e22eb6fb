import {
  abandonedClaimReason,
  claimNote,
  pickUp,
  smtpOutcome,
  statusAfterSmtpError,
  unknownOutcomeReason,
} from './delivery';

/** An error shaped as nodemailer's smtp-connection formats it. */
const smtpError = (fields: Record<string, unknown>) =>
  Object.assign(new Error(String(fields.message ?? 'smtp')), fields);

describe('pickUp', () => {
  it('claims only a pending row', () => {
    expect(pickUp('pending')).toBe('claim');
  });

  it('settles a row an earlier attempt left sending, never claims it again', () => {
    expect(pickUp('sending')).toBe('settle-uncertain');
  });

  it.each(['sent', 'failed', 'uncertain', undefined])('leaves %s alone', (status) => {
    expect(pickUp(status)).toBe('skip');
  });
});

describe('smtpOutcome', () => {
  it.each([550, 552, 554, 503])('a %i reply is a refusal for good', (responseCode) => {
    expect(smtpOutcome(smtpError({ code: 'EMESSAGE', responseCode, command: 'DATA' }))).toBe(
      'refused',
    );
  });

  it.each([421, 450, 451, 452])('a %i reply certainly did not deliver: retry', (responseCode) => {
    expect(smtpOutcome(smtpError({ code: 'EENVELOPE', responseCode, command: 'RCPT TO' }))).toBe(
      'deferred',
    );
    // Also as the reply to the end of DATA, or the remainder read as the connection closed.
    expect(smtpOutcome(smtpError({ code: 'EMESSAGE', responseCode, command: 'DATA' }))).toBe(
      'deferred',
    );
    expect(smtpOutcome(smtpError({ code: 'ECONNECTION', responseCode, command: 'CONN' }))).toBe(
      'deferred',
    );
  });

  it.each(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH'])(
    'no connection (%s) delivered nothing',
    (originalCode) => {
      expect(smtpOutcome(smtpError({ code: 'ESOCKET', originalCode, command: 'CONN' }))).toBe(
        'deferred',
      );
    },
  );

  it.each(['EDNS', 'ETLS', 'EAUTH', 'ENOAUTH'])('%s comes before the envelope', (code) => {
    expect(smtpOutcome(smtpError({ code, command: 'CONN' }))).toBe('deferred');
  });

  it('a connect or greeting timeout delivered nothing', () => {
    for (const timeoutType of ['CONNECT_TIMEOUT', 'GREETING_TIMEOUT']) {
      expect(smtpOutcome(smtpError({ code: 'ETIMEDOUT', timeoutType, command: 'CONN' }))).toBe(
        'deferred',
      );
    }
  });

  it('an envelope nodemailer finds unusable is refused for good', () => {
    expect(smtpOutcome(smtpError({ code: 'EENVELOPE', message: 'No recipients defined' }))).toBe(
      'refused',
    );
  });

  it('a session that broke off mid-way may have delivered: unknown', () => {
    // The server may have taken the message and closed before its reply reached us.
    expect(
      smtpOutcome(smtpError({ code: 'ECONNECTION', message: 'Connection closed unexpectedly' })),
    ).toBe('unknown');
    expect(smtpOutcome(smtpError({ code: 'ETIMEDOUT', timeoutType: 'SOCKET_TIMEOUT' }))).toBe(
      'unknown',
    );
    expect(smtpOutcome(smtpError({ code: 'ESOCKET', originalCode: 'ECONNRESET' }))).toBe('unknown');
    expect(smtpOutcome(smtpError({ code: 'ESOCKET', originalCode: 'EPIPE' }))).toBe('unknown');
    expect(smtpOutcome(new Error('something else'))).toBe('unknown');
    expect(smtpOutcome(undefined)).toBe('unknown');
  });
});

describe('statusAfterSmtpError', () => {
  it('puts a deferred e-mail back to pending for the retry, failed on the last attempt', () => {
    expect(statusAfterSmtpError('deferred', false)).toBe('pending');
    expect(statusAfterSmtpError('deferred', true)).toBe('failed');
  });

  it('fails a refused e-mail at once', () => {
    expect(statusAfterSmtpError('refused', false)).toBe('failed');
  });

  it('never retries an e-mail that may have gone', () => {
    expect(statusAfterSmtpError('unknown', false)).toBe('uncertain');
    expect(statusAfterSmtpError('unknown', true)).toBe('uncertain');
  });
});

describe('reasons', () => {
  it('names the claim and why the e-mail is not sent again', () => {
    const note = claimNote('mail-1', 2, new Date('2027-01-02T03:04:05.000Z'));
    expect(note).toBe('sending since 2027-01-02T03:04:05.000Z (job mail-1, attempt 2)');
    expect(abandonedClaimReason(note)).toMatch(
      /^uncertain: the attempt sending since 2027-01-02T03:04:05.000Z \(job mail-1, attempt 2\) stopped .*not sent again to avoid a duplicate$/,
    );
    expect(abandonedClaimReason(null)).toMatch(/^uncertain: the attempt stopped/);
    expect(unknownOutcomeReason(new Error('Connection closed unexpectedly'))).toMatch(
      /Connection closed unexpectedly.*not sent again/,
    );
  });
});
