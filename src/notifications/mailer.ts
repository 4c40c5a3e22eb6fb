import { Injectable, OnModuleDestroy } from '@nestjs/common';
import { createTransport, type SMTPSentMessageInfo, type Transporter } from 'nodemailer';
import { Environment } from '../config/environment';
import type { RenderedMail } from './templates';

/**
 * The SMTP connection settings (SMTP_URL), built once per process. Timeouts are short because a
 * notification's delivery lock is held while its message is being handed over. The errors keep
 * nodemailer's `code`, `responseCode` and `timeoutType`: `smtpOutcome` reads them.
 */
@Injectable()
export class Mailer implements OnModuleDestroy {
  private readonly transport: Transporter<SMTPSentMessageInfo>;

  constructor(env: Environment) {
    this.transport = createTransport(
      {
        url: env.SMTP_URL,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
      },
      { from: env.MAIL_FROM },
    );
  }

  async send(to: string, mail: RenderedMail): Promise<{ messageId: string }> {
    const info = await this.transport.sendMail({ to, subject: mail.subject, text: mail.text });
    return { messageId: info.messageId };
  }

  onModuleDestroy(): void {
    this.transport.close();
  }
}
