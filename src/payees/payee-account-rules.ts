import { AppError, type FieldError } from '../common/errors/app-error';
import { isValidAbaRoutingNumber, normaliseAchName } from './ach';
import {
  ACH_ACCOUNT_TYPES,
  ZENGIN_ACCOUNT_TYPES,
  type CreatePayeeAccountDto,
} from './dto/payee-account.dto';
import type { PayeeAccount } from './payee-account.entity';
import { lookupZenginBranch } from './zengin-banks';
import { toZenginKana } from './zengin-kana';

const ACH_ONLY = ['routingNumber', 'holderName'] as const;
const ZENGIN_ONLY = ['bankCode', 'branchCode', 'holderNameKana'] as const;

/** The columns a valid request stores (besides the encrypted number). */
export type PayeeAccountDetails = Pick<
  PayeeAccount,
  'cityId' | 'rail' | 'accountType' | 'routingNumber' | 'bankCode' | 'branchCode' | 'holderName'
>;

/**
 * The rail-specific rules a DTO pattern cannot express; every broken one is reported at once as a
 * 400 naming its field, before anything is written.
 */
export function payeeAccountDetails(dto: CreatePayeeAccountDto): PayeeAccountDetails {
  const errors: FieldError[] = [];
  const otherRail = dto.rail === 'ach' ? ZENGIN_ONLY : ACH_ONLY;
  for (const field of otherRail) {
    if (dto[field] !== undefined) {
      errors.push({ field, message: `${field} is not a field of a ${dto.rail} account` });
    }
  }
  if (dto.rail === 'ach') {
    const details = achDetails(dto, errors);
    if (!errors.length) return details;
  } else {
    const details = zenginDetails(dto, errors);
    if (!errors.length) return details;
  }
  throw new AppError('validation_failed', 'The payee account has invalid fields', errors);
}

function achDetails(dto: CreatePayeeAccountDto, errors: FieldError[]): PayeeAccountDetails {
  if (!(ACH_ACCOUNT_TYPES as readonly string[]).includes(dto.accountType)) {
    errors.push({ field: 'accountType', message: 'an ACH account is checking or savings' });
  }
  if (!isValidAbaRoutingNumber(dto.routingNumber ?? '')) {
    errors.push({ field: 'routingNumber', message: 'routingNumber fails the ABA check digit' });
  }
  const name = normaliseAchName(dto.holderName ?? '');
  if ('error' in name) errors.push(name.error);
  return {
    cityId: dto.cityId,
    rail: 'ach',
    accountType: dto.accountType,
    routingNumber: dto.routingNumber ?? null,
    bankCode: null,
    branchCode: null,
    holderName: 'name' in name ? name.name : '',
  };
}

function zenginDetails(dto: CreatePayeeAccountDto, errors: FieldError[]): PayeeAccountDetails {
  if (!(ZENGIN_ACCOUNT_TYPES as readonly string[]).includes(dto.accountType)) {
    errors.push({
      field: 'accountType',
      message: 'a Zengin account is ordinary, current or savings',
    });
  }
  if (!/^\d{7}$/.test(dto.accountNumber)) {
    errors.push({ field: 'accountNumber', message: 'a Zengin account number is exactly 7 digits' });
  }
  const bankCode = dto.bankCode ?? '';
  const branchCode = dto.branchCode ?? '';
  const branch = lookupZenginBranch(bankCode, branchCode);
  if (!branch.found) {
    errors.push(
      branch.field === 'bankCode'
        ? { field: 'bankCode', message: `no bank has the Zengin code ${bankCode}` }
        : {
            field: 'branchCode',
            message: `bank ${bankCode} has no branch with the code ${branchCode}`,
          },
    );
  }
  const name = toZenginKana(dto.holderNameKana ?? '');
  if ('error' in name) errors.push(name.error);
  return {
    cityId: dto.cityId,
    rail: 'zengin',
    accountType: dto.accountType,
    routingNumber: null,
    bankCode,
    branchCode,
    holderName: 'name' in name ? name.name : '',
  };
}
