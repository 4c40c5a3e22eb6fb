import type { Schemas } from '../../api/client';

export type Rail = Schemas['CreatePayeeAccountDto']['rail'];
export type AccountType = Schemas['CreatePayeeAccountDto']['accountType'];

export const ACCOUNT_TYPES: Record<Rail, AccountType[]> = {
  ach: ['checking', 'savings'],
  zengin: ['ordinary', 'current', 'savings'],
};

/** What the user typed, per field of either rail. */
export interface PayeeForm {
  routingNumber: string;
  accountNumber: string;
  accountType: AccountType;
  holderName: string;
  bankCode: string;
  branchCode: string;
  holderNameKana: string;
}

export type PayeeField = keyof PayeeForm;

export const emptyForm = (rail: Rail): PayeeForm => ({
  routingNumber: '',
  accountNumber: '',
  accountType: ACCOUNT_TYPES[rail][0],
  holderName: '',
  bankCode: '',
  branchCode: '',
  holderNameKana: '',
});

/** Digits as typed on either keyboard (full-width ０１, spaces and hyphens allowed). */
const digitsOf = (text: string) => text.normalize('NFKC').replace(/[\s-]/g, '');

/** The fields that are digits, and how many, per rail. */
const DIGITS: Record<Rail, Partial<Record<PayeeField, RegExp>>> = {
  ach: { routingNumber: /^\d{9}$/, accountNumber: /^\d{4,17}$/ },
  zengin: { bankCode: /^\d{4}$/, branchCode: /^\d{3}$/, accountNumber: /^\d{7}$/ },
};

export const FIELDS: Record<Rail, PayeeField[]> = {
  ach: ['routingNumber', 'accountNumber', 'accountType', 'holderName'],
  zengin: ['bankCode', 'branchCode', 'accountType', 'accountNumber', 'holderNameKana'],
};

/**
 * The request for the rail's fields only (the API refuses the other rail's), or the fields that
 * are not filled in as the rail needs: each named by the key of its message.
 */
export function requestOf(
  cityId: string,
  rail: Rail,
  form: PayeeForm,
):
  | { body: Schemas['CreatePayeeAccountDto']; errors: null }
  | { body: null; errors: Partial<Record<PayeeField, string>> } {
  const errors: Partial<Record<PayeeField, string>> = {};
  const body: Schemas['CreatePayeeAccountDto'] = {
    cityId,
    rail,
    accountType: form.accountType,
    accountNumber: '',
  };
  for (const field of FIELDS[rail]) {
    if (field === 'accountType') continue;
    const pattern = DIGITS[rail][field];
    const value = pattern ? digitsOf(form[field]) : form[field].trim();
    if (!value) errors[field] = 'payees:errors.required';
    else if (pattern && !pattern.test(value)) errors[field] = `payees:errors.${rail}.${field}`;
    body[field] = value;
  }
  return Object.keys(errors).length ? { body: null, errors } : { body, errors: null };
}
