import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
} from '@nestjs/common';
import {
  ApiAcceptedResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiResponse,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal, problemResponse } from '../auth/access.decorators';

import type { Principal } from '../auth/principal';
import { PAYMENT_RUN_READERS, PAYMENT_RUN_REQUESTERS } from './access';

import {
  CreatePaymentRunDto,
  ListPaymentRunsQuery,
  PaymentRunPage,
  PaymentRunResponse,
} from './dto/payment-run.dto';
import { PaymentRunsService } from './payment-runs.service';
import { IdParam } from '../common/http/id-param';
import { OneTransaction } from '../common/http/idempotency/idempotency.interceptor';

const CONTENT_TYPES = {
  ach: 'text/plain; charset=us-ascii',
  zengin: 'text/plain; charset=Shift_JIS',
} as const;

@ApiTags('payment-runs')
@Controller('payment-runs')
export class PaymentRunsController {
  constructor(private readonly runs: PaymentRunsService) {}

  @Post()
  @OneTransaction()
  @HttpCode(HttpStatus.ACCEPTED)
  @Allow(PAYMENT_RUN_REQUESTERS)
  @ApiOperation({
    summary: 'Start a payment run: a job claims every approved disbursement of the rail',
  })
  @ApiAcceptedResponse({ type: PaymentRunResponse })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() dto: CreatePaymentRunDto,
  ): Promise<PaymentRunResponse> {
    return PaymentRunResponse.of(await this.runs.request(principal, dto));
  }

  @Get()
  @Allow(PAYMENT_RUN_READERS)
  @ApiOperation({ summary: 'List payment runs, newest first' })
  @ApiOkResponse({ type: PaymentRunPage })
  async list(@Query() query: ListPaymentRunsQuery): Promise<PaymentRunPage> {
    const page = await this.runs.list(query);
    return { data: page.data.map(PaymentRunResponse.of), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(PAYMENT_RUN_READERS)
  @ApiOperation({ summary: 'One payment run (without its file)' })
  @ApiOkResponse({ type: PaymentRunResponse })
  async get(@Param() { id }: IdParam): Promise<PaymentRunResponse> {
    return PaymentRunResponse.of(await this.runs.get(id));
  }

  @Get(':id/file')
  @Allow(PAYMENT_RUN_READERS)
  @ApiOperation({ summary: 'The bank file of a completed run (NACHA ASCII or Zengin Shift_JIS)' })
  @ApiProduces(CONTENT_TYPES.ach, CONTENT_TYPES.zengin)
  @ApiOkResponse({ schema: { type: 'string', format: 'binary' } })
  @ApiResponse({ status: 409, ...problemResponse('invalid_state', 'The run is not completed') })
  async file(
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const run = await this.runs.file(id);
    res.header('ETag', `"${run.fileSha256}"`);
    return new StreamableFile(run.file, {
      type: CONTENT_TYPES[run.rail],
      disposition: `attachment; filename="${run.fileName}"`,
      length: run.file.length,
    });
  }
}
