import { Body, Controller, Get, HttpCode, Param, Post, Query, Res } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';

import type { Principal } from '../auth/principal';
import { setEtag } from '../common/http/etag';

import { PAYEE_ACCOUNT_ENTERERS, PAYEE_ACCOUNT_READERS, PAYEE_ACCOUNT_VERIFIERS } from './access';

import {
  CreatePayeeAccountDto,
  ListPayeeAccountsQuery,
  PayeeAccountPage,
  PayeeAccountResponse,
} from './dto/payee-account.dto';
import { toPayeeAccountResponse } from './payee-account-view';

import { PayeeAccountsService } from './payee-accounts.service';
import { IdParam } from '../common/http/id-param';

@ApiTags('payee-accounts')
@Controller('payee-accounts')
export class PayeeAccountsController {
  constructor(private readonly payees: PayeeAccountsService) {}

  @Post()
  @Allow(PAYEE_ACCOUNT_ENTERERS)
  @ApiOperation({ summary: 'Enter a payee account (ACH or Zengin); it starts unverified' })
  @ApiCreatedResponse({ type: PayeeAccountResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreatePayeeAccountDto,
  ): Promise<PayeeAccountResponse> {
    return toPayeeAccountResponse(await this.payees.create(principal, dto));
  }

  @Get()
  @Allow(PAYEE_ACCOUNT_READERS)
  @ApiOperation({ summary: 'List payee accounts, newest first' })
  @ApiOkResponse({ type: PayeeAccountPage })
  async list(
    @CurrentPrincipal() principal: Principal,
    @Query() query: ListPayeeAccountsQuery,
  ): Promise<PayeeAccountPage> {
    const page = await this.payees.list(principal, query);
    return { data: page.data.map(toPayeeAccountResponse), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(PAYEE_ACCOUNT_READERS)
  @ApiOperation({ summary: 'One payee account (the number masked)' })
  @ApiOkResponse({ type: PayeeAccountResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<PayeeAccountResponse> {
    const account = await this.payees.get(principal, id);
    setEtag(res, account);
    return toPayeeAccountResponse(account);
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Allow(PAYEE_ACCOUNT_VERIFIERS)
  @ApiOperation({ summary: 'Verify an account (not by the person who entered it)' })
  @ApiOkResponse({ type: PayeeAccountResponse })
  async verify(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<PayeeAccountResponse> {
    return toPayeeAccountResponse(await this.payees.verify(principal, id));
  }
}
