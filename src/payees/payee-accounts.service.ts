import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { ChangeLog } from '../audit/change-log.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { FieldEncryption } from '../common/crypto/field-encryption';
import { AppError, notFound } from '../common/errors/app-error';
import { saveChanges } from '../database/save-changes';
import { Page, paginate } from '../common/http/pagination';
import { City } from '../partnerships/city.entity';
import type { CreatePayeeAccountDto, ListPayeeAccountsQuery } from './dto/payee-account.dto';
import { PayeeAccount } from './payee-account.entity';
import { payeeAccountDetails } from './payee-account-rules';
import { maskedAccountData } from './payee-account-view';

/**
 * The encryption's associated data: a ciphertext only decrypts on the row it was written for, so a
 * number cannot be moved onto another account by copying the column.
 */
export const accountNumberContext = (accountId: string) => `payee_account:${accountId}`;

/**
 * The clear account number, for the one place that needs it: the bank file of a payment run.
 * Never put it in a response, a log line, an audit event or an outbox payload.
 */
export const revealAccountNumber = (
  encryption: FieldEncryption,
  account: Pick<PayeeAccount, 'id' | 'accountNumberEncrypted'>,
) => encryption.decrypt(account.accountNumberEncrypted, accountNumberContext(account.id));

/** Payee accounts (SPEC §5.6): entered by a city or finance, verified by a second person. */
@Injectable()
export class PayeeAccountsService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly encryption: FieldEncryption,
  ) {}

  async create(principal: Principal, dto: CreatePayeeAccountDto): Promise<PayeeAccount> {
    const details = payeeAccountDetails(dto);
    return this.dataSource.transaction(async (manager) => {
      // A city user enters accounts for its own city only; any other city is as good as missing.
      await Reach.one(
        manager.getRepository(City).createQueryBuilder('c').where('c.id = :id', { id: dto.cityId }),
        'city',
        'c',
        principal,
        'City',
      );
      const id = randomUUID();
      const account = manager.create(PayeeAccount, {
        ...details,
        id,
        accountNumberEncrypted: this.encryption.encrypt(
          dto.accountNumber,
          accountNumberContext(id),
        ),
        accountNumberLast4: dto.accountNumber.slice(-4),
        status: 'unverified',
        enteredBy: principal.userId,
        verifiedBy: null,
        verifiedAt: null,
      });
      await manager.insert(PayeeAccount, account);
      const saved = await manager.findOneByOrFail(PayeeAccount, { id });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'payee_account.created',
        entity: { type: 'payee_account', id },
        data: maskedAccountData(saved),
      });
      return saved;
    });
  }

  list(principal: Principal, query: ListPayeeAccountsQuery): Promise<Page<PayeeAccount>> {
    const qb = this.dataSource.getRepository(PayeeAccount).createQueryBuilder('pa');
    if (query.cityId) qb.andWhere('pa.cityId = :cityId', { cityId: query.cityId });
    if (query.rail) qb.andWhere('pa.rail = :rail', { rail: query.rail });
    if (query.status) qb.andWhere('pa.status = :status', { status: query.status });
    Reach.scope(qb, 'payee_account', 'pa', principal);
    return paginate(qb, query, [
      { expression: 'pa.createdAt', value: (a) => a.createdAt },
      { expression: 'pa.id', value: (a) => a.id },
    ]);
  }

  get(principal: Principal, id: string): Promise<PayeeAccount> {
    return Reach.one(
      this.dataSource
        .getRepository(PayeeAccount)
        .createQueryBuilder('pa')
        .where('pa.id = :id', { id }),
      'payee_account',
      'pa',
      principal,
      'Payee account',
    );
  }

  /** Segregation of duties (SPEC §4): the verifier is never the person who entered the account. */
  async verify(principal: Principal, id: string): Promise<PayeeAccount> {
    return this.dataSource.transaction(async (manager) => {
      const account = await manager
        .getRepository(PayeeAccount)
        .createQueryBuilder('pa')
        .where('pa.id = :id', { id })
        .setLock('pessimistic_write')
        .getOne();
      if (!account) throw notFound('Payee account');
      if (account.status !== 'unverified') {
        throw new AppError('invalid_state', `The payee account is ${account.status}`);
      }
      if (account.enteredBy === principal.userId) {
        throw new AppError(
          'rule_violation',
          'Segregation of duties: an account is verified by someone other than who entered it',
        );
      }
      const saved = await saveChanges(manager, PayeeAccount, account, {
        status: 'verified',
        verifiedBy: principal.userId,
        verifiedAt: new Date(),
      });
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'payee_account.verified',
        entity: { type: 'payee_account', id },
        data: maskedAccountData(saved),
      });
      return saved;
    });
  }
}
