import { maskLast4 } from '../common/crypto/field-encryption';
import { RAIL_CURRENCY, type PayeeAccountResponse } from './dto/payee-account.dto';
import type { PayeeAccount } from './payee-account.entity';
import { lookupZenginBranch } from './zengin-banks';

/** The `•••• 6789` form: what responses, audit data and events show instead of the number. */
export const accountNumberMasked = (account: Pick<PayeeAccount, 'accountNumberLast4'>) =>
  maskLast4(account.accountNumberLast4);

/** What the audit trail and outbox events say about an account: never the number itself. */
export function maskedAccountData(account: PayeeAccount): Record<string, unknown> {
  return {
    payeeAccountId: account.id,
    cityId: account.cityId,
    rail: account.rail,
    accountType: account.accountType,
    ...(account.rail === 'ach'
      ? { routingNumber: account.routingNumber }
      : { bankCode: account.bankCode, branchCode: account.branchCode }),
    holderName: account.holderName,
    accountNumberMasked: accountNumberMasked(account),
  };
}

export function toPayeeAccountResponse(account: PayeeAccount): PayeeAccountResponse {
  const branch =
    account.rail === 'zengin' && account.bankCode && account.branchCode
      ? lookupZenginBranch(account.bankCode, account.branchCode)
      : undefined;
  return {
    id: account.id,
    cityId: account.cityId,
    rail: account.rail,
    currency: RAIL_CURRENCY[account.rail],
    accountType: account.accountType,
    routingNumber: account.routingNumber,
    bankCode: account.bankCode,
    branchCode: account.branchCode,
    bankName: branch?.found ? branch.bankName : null,
    branchName: branch?.found ? branch.branchName : null,
    holderName: account.holderName,
    accountNumberMasked: accountNumberMasked(account),
    status: account.status,
    enteredBy: account.enteredBy,
    verifiedBy: account.verifiedBy,
    verifiedAt: account.verifiedAt?.toISOString() ?? null,
    createdAt: account.createdAt.toISOString(),
  };
}
