import { Module } from '@nestjs/common';
import { PayeeAccountsController } from './payee-accounts.controller';
import { PayeeAccountsService } from './payee-accounts.service';

/** Payee accounts: ACH and Zengin, encrypted numbers, second-person verification (SPEC §5.6). */
@Module({
  controllers: [PayeeAccountsController],
  providers: [PayeeAccountsService],
  exports: [PayeeAccountsService],
})
export class PayeesModule {}
