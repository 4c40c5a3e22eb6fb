import { Logger } from '@nestjs/common';
import { AppLogger, createLoggers, writeRequestLine } from './logging';
import { requestContext } from './http/request-context';

function capture() {
  const lines: Record<string, unknown>[] = [];
  const destination = { write: (line: string) => void lines.push(JSON.parse(line)) };
  return { lines, ...createLoggers('info', destination) };
}

describe('logging', () => {
  it('redacts secrets and account numbers wherever they sit, and tags lines with the request id', () => {
    const { lines, logger } = capture();
    requestContext.run({ requestId: 'req-12345678' }, () =>
      logger.warn(
        {
          body: { password: 'hunter2-hunter2', accountNumber: '000123456789' },
          tokens: { refreshToken: 'r', accessToken: 'a' },
          req: { headers: { authorization: 'Bearer x', 'x-api-key': 'sdg_k', cookie: 'c' } },
        },
        'something',
      ),
    );
    expect(lines[0]).toMatchObject({
      requestId: 'req-12345678',
      body: { password: '[redacted]', accountNumber: '[redacted]' },
      tokens: { refreshToken: '[redacted]', accessToken: '[redacted]' },
      req: {
        headers: { authorization: '[redacted]', 'x-api-key': '[redacted]', cookie: '[redacted]' },
      },
    });
    expect(JSON.stringify(lines)).not.toMatch(/hunter2|000123456789|Bearer x|sdg_k/);
  });

  it('writes one line per request with its id, method, URL, status and time', () => {
    const { lines, accessLog } = capture();
    writeRequestLine(accessLog, {
      id: 'r-1',
      method: 'GET',
      url: '/api/v1/me',
      statusCode: 200,
      ms: 3.4,
    });
    expect(lines).toEqual([
      expect.objectContaining({
        level: 30,
        msg: 'request completed',
        requestId: 'r-1',
        req: { method: 'GET', url: '/api/v1/me' },
        res: { statusCode: 200 },
        responseTime: 3,
      }),
    ]);
  });

  it("keeps pino's calling convention through Nest's Logger, with the logger's context", () => {
    const { lines, logger } = capture();
    Logger.overrideLogger(new AppLogger(logger));
    new Logger('Payments').warn({ runId: 'x' }, 'run failed');
    new Logger('Payments').log('plain message');
    Logger.overrideLogger(false);
    expect(lines).toEqual([
      expect.objectContaining({ level: 40, context: 'Payments', runId: 'x', msg: 'run failed' }),
      expect.objectContaining({ level: 30, context: 'Payments', msg: 'plain message' }),
    ]);
  });
});
