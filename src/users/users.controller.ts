import {
  Body,
  Controller,
  Get,
  HttpCode,
  HttpStatus,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
  Res,
} from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { Principal } from '../auth/principal';
import { AppError } from '../common/errors/app-error';
import { IfMatch, setEtag } from '../common/http/etag';
import {
  CreateUserDto,
  ListUsersQuery,
  toUserDto,
  UpdateUserDto,
  UserDto,
  UserPageDto,
} from './dto/user.dto';
import { UsersService } from './users.service';

const uuid = new ParseUUIDPipe({
  exceptionFactory: () =>
    new AppError('validation_failed', 'The id must be a UUID', [
      { field: 'id', message: 'must be a UUID' },
    ]),
});
const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The ETag last read; 412 when stale',
};

@ApiTags('users')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Post()
  @Allow(['admin'])
  @ApiOperation({ summary: 'Create a user (admin)' })
  @ApiCreatedResponse({ type: UserDto })
  async create(
    @CurrentPrincipal() principal: Principal,
    @Body() body: CreateUserDto,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const user = await this.users.create(principal, body);
    setEtag(res, user);
    return toUserDto(user);
  }

  @Get()
  @Allow(['admin', 'auditor'])
  @ApiOperation({ summary: 'List users, newest first' })
  @ApiOkResponse({ type: UserPageDto })
  async list(@Query() query: ListUsersQuery) {
    const page = await this.users.list(query);
    return { data: page.data.map(toUserDto), nextCursor: page.nextCursor };
  }

  @Get(':id')
  @Allow(['admin', 'auditor'])
  @ApiOperation({ summary: 'One user' })
  @ApiOkResponse({ type: UserDto })
  async get(@Param('id', uuid) id: string, @Res({ passthrough: true }) res: FastifyReply) {
    const user = await this.users.get(id);
    setEtag(res, user);
    return toUserDto(user);
  }

  @Patch(':id')
  @Allow(['admin'])
  @ApiOperation({ summary: 'Change a user’s profile, role or password (admin)' })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: UserDto })
  async update(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @Body() body: UpdateUserDto,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const user = await this.users.update(principal, id, body, expectedVersion);
    setEtag(res, user);
    return toUserDto(user);
  }

  @Post(':id/deactivate')
  @Allow(['admin'])
  @HttpCode(HttpStatus.OK)
  @ApiOperation({
    summary: 'Deactivate a user (admin)',
    description: 'Their access tokens, refresh tokens and API keys stop working at once.',
  })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: UserDto })
  async deactivate(
    @CurrentPrincipal() principal: Principal,
    @Param('id', uuid) id: string,
    @IfMatch() expectedVersion: number | undefined,
    @Res({ passthrough: true }) res: FastifyReply,
  ) {
    const user = await this.users.deactivate(principal, id, expectedVersion);
    setEtag(res, user);
    return toUserDto(user);
  }
}
