interface ZenginBranch {
  code: string;
  name: string;
  kana: string;
}
interface ZenginBank extends ZenginBranch {
  branches: Record<string, ZenginBranch>;
}

let banks: Record<string, ZenginBank> | undefined;

/** The `zengin-code` data set (every Japanese bank and branch), loaded on first use: ~25 MB. */
function zenginBanks(): Record<string, ZenginBank> {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- untyped CommonJS data package
  banks ??= require('zengin-code') as Record<string, ZenginBank>;
  return banks;
}

export interface ZenginBranchInfo {
  bankName: string;
  bankKana: string;
  branchName: string;
  branchKana: string;
}

export type ZenginLookup =
  ({ found: true } & ZenginBranchInfo) | { found: false; field: 'bankCode' | 'branchCode' };

/** The bank and branch a Zengin account names, or which of the two codes names none. */
export function lookupZenginBranch(bankCode: string, branchCode: string): ZenginLookup {
  const bank = Object.hasOwn(zenginBanks(), bankCode) ? zenginBanks()[bankCode] : undefined;
  if (!bank) return { found: false, field: 'bankCode' };
  const branch = Object.hasOwn(bank.branches, branchCode) ? bank.branches[branchCode] : undefined;
  if (!branch) return { found: false, field: 'branchCode' };
  return {
    found: true,
    bankName: bank.name,
    bankKana: bank.kana,
    branchName: branch.name,
    branchKana: branch.kana,
  };
}
