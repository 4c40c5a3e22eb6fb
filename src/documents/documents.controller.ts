import {
  applyDecorators,
  CallHandler,
  Controller,
  Delete,
  ExecutionContext,
  Get,
  HttpCode,
  HttpStatus,
  Injectable,
  NestInterceptor,
  Param,
  Post,
  Query,
  Res,
  StreamableFile,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { Observable } from 'rxjs';
import { Allow, CurrentPrincipal } from '../auth/access.decorators';
import type { ApiKeyScope, Principal } from '../auth/principal';
import type { Role } from '../auth/roles';
import { Environment } from '../config/environment';
import { FileUploadInterceptor, Upload, type UploadedFile } from '../common/http/file-upload';
import { IdParam } from '../common/http/id-param';
import { PageQuery } from '../common/http/pagination';
import { contentDisposition } from '../exports/export-naming';
import type { DocumentOwner } from './document.entity';
import { DocumentsService } from './documents.service';
import {
  DocumentPage,
  DocumentResponse,
  DocumentUploadDto,
  UploadDocumentQuery,
} from './dto/document.dto';

/**
 * Reads the one file of the upload (field `file`), at most DOCUMENT_MAX_BYTES: the size is a
 * setting, so the shared FileUploadInterceptor is made with it when the app starts.
 */
@Injectable()
export class DocumentUploadInterceptor implements NestInterceptor {
  private readonly upload: NestInterceptor;

  constructor(env: Environment) {
    const Interceptor = FileUploadInterceptor('file', env.DOCUMENT_MAX_BYTES);
    this.upload = new Interceptor();
  }

  intercept(context: ExecutionContext, next: CallHandler): Promise<Observable<unknown>> {
    return this.upload.intercept(context, next) as Promise<Observable<unknown>>;
  }
}

/** Every role reads documents; `Reach` narrows city users and reviewers (404 outside). */
const READERS: Role[] = [
  'admin',
  'program_officer',
  'auditor',
  'finance_officer',
  'finance_approver',
  'city_user',
  'reviewer',
];
/** Reports and amendments are no reviewer's business (SPEC §4). */
const AWARD_READERS: Role[] = READERS.filter((role) => role !== 'reviewer');
/** The cities attach and remove documents; the rules per owner are the service's. */
const WRITERS: Role[] = ['city_user'];
const APPLICATION_READ = { scopes: ['applications:read'] as ApiKeyScope[] };
const APPLICATION_WRITE = { scopes: ['applications:write'] as ApiKeyScope[] };
const AWARD_READ = { scopes: ['awards:read'] as ApiKeyScope[] };

const UPLOAD_DESCRIPTION =
  'multipart/form-data with one file in the field `file`. Its type is found from its content ' +
  '(never the name or header): PDF, PNG, JPEG, DOCX, XLSX; CSV or text only when named .csv/.txt ' +
  'and valid UTF-8. Anything else, or a file over DOCUMENT_MAX_BYTES, is a 400 naming `file`.';

/** What every owner's upload route shares. */
const UploadRoute = () =>
  applyDecorators(
    UseInterceptors(DocumentUploadInterceptor),
    ApiConsumes('multipart/form-data'),
    ApiBody({ type: DocumentUploadDto }),
    ApiCreatedResponse({ type: DocumentResponse }),
  );

async function page(
  documents: DocumentsService,
  principal: Principal,
  type: DocumentOwner,
  id: string,
  query: PageQuery,
): Promise<DocumentPage> {
  const found = await documents.list(principal, { type, id }, query);
  return { data: found.data.map(DocumentResponse.of), nextCursor: found.nextCursor };
}

@ApiTags('documents')
@Controller('applications')
export class ApplicationDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post(':id/documents')
  @Allow(WRITERS, APPLICATION_WRITE)
  @ApiOperation({
    summary: 'Attach a document to a draft or half-signed application',
    description: `${UPLOAD_DESCRIPTION} An attachment is part of what both cities sign: like a PATCH, it drops every signature (awaiting_cosign → draft) and changes contentHash.`,
  })
  @UploadRoute()
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() { kind }: UploadDocumentQuery,
    @Upload() file: UploadedFile,
  ): Promise<DocumentResponse> {
    const document = await this.documents.upload(
      principal,
      { type: 'application', id },
      kind,
      file,
    );
    return DocumentResponse.of(document);
  }

  @Get(':id/documents')
  @Allow(READERS, APPLICATION_READ)
  @ApiOperation({ summary: 'The application’s documents, oldest first' })
  @ApiOkResponse({ type: DocumentPage })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() query: PageQuery,
  ): Promise<DocumentPage> {
    return page(this.documents, principal, 'application', id, query);
  }
}

@ApiTags('documents')
@Controller('reports')
export class ReportDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post(':id/documents')
  @Allow(WRITERS)
  @ApiOperation({
    summary: 'Attach a document (a receipt …) to a report the grantee is writing',
    description: `${UPLOAD_DESCRIPTION} While the report is draft or changes_requested, by a user of the report’s side city (either city for a joint report).`,
  })
  @UploadRoute()
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() { kind }: UploadDocumentQuery,
    @Upload() file: UploadedFile,
  ): Promise<DocumentResponse> {
    const document = await this.documents.upload(
      principal,
      { type: 'grantee_report', id },
      kind,
      file,
    );
    return DocumentResponse.of(document);
  }

  @Get(':id/documents')
  @Allow(AWARD_READERS, AWARD_READ)
  @ApiOperation({ summary: 'The report’s documents, oldest first' })
  @ApiOkResponse({ type: DocumentPage })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() query: PageQuery,
  ): Promise<DocumentPage> {
    return page(this.documents, principal, 'grantee_report', id, query);
  }
}

@ApiTags('documents')
@Controller('amendments')
export class AmendmentDocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Post(':id/documents')
  @Allow(WRITERS)
  @ApiOperation({
    summary: 'Attach a document to an amendment request still awaiting its decision',
    description: `${UPLOAD_DESCRIPTION} While the amendment is requested, by a user of either of the award’s cities.`,
  })
  @UploadRoute()
  async upload(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() { kind }: UploadDocumentQuery,
    @Upload() file: UploadedFile,
  ): Promise<DocumentResponse> {
    const document = await this.documents.upload(principal, { type: 'amendment', id }, kind, file);
    return DocumentResponse.of(document);
  }

  @Get(':id/documents')
  @Allow(AWARD_READERS, AWARD_READ)
  @ApiOperation({ summary: 'The amendment’s documents, oldest first' })
  @ApiOkResponse({ type: DocumentPage })
  list(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Query() query: PageQuery,
  ): Promise<DocumentPage> {
    return page(this.documents, principal, 'amendment', id, query);
  }
}

@ApiTags('documents')
@Controller('documents')
export class DocumentsController {
  constructor(private readonly documents: DocumentsService) {}

  @Get(':id')
  @Allow(READERS, { scopes: ['applications:read', 'awards:read'] })
  @ApiOperation({ summary: 'A document’s metadata (what was checked on upload)' })
  @ApiOkResponse({ type: DocumentResponse })
  async get(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
  ): Promise<DocumentResponse> {
    return DocumentResponse.of(await this.documents.get(principal, id));
  }

  @Get(':id/content')
  @Allow(READERS, { scopes: ['applications:read', 'awards:read'] })
  @ApiOperation({
    summary: 'The document’s bytes, as an attachment',
    description: 'Content-Type as found on upload; ETag is the SHA-256 of the bytes.',
  })
  @ApiProduces('application/octet-stream')
  @ApiOkResponse({
    description: 'The bytes',
    content: { 'application/octet-stream': { schema: { type: 'string', format: 'binary' } } },
  })
  async content(
    @CurrentPrincipal() principal: Principal,
    @Param() { id }: IdParam,
    @Res({ passthrough: true }) res: FastifyReply,
  ): Promise<StreamableFile> {
    const { document, stream } = await this.documents.content(principal, id);
    // Never rendered in the API's origin: a download, and no browser guessing another type.
    res.header('X-Content-Type-Options', 'nosniff');
    res.header('ETag', `"${document.sha256}"`);
    res.header('Cache-Control', 'private, no-cache');
    return new StreamableFile(stream, {
      type: document.contentType,
      disposition: contentDisposition(document.fileName),
      length: document.sizeBytes,
    });
  }

  @Delete(':id')
  @Allow(WRITERS)
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({
    summary: 'Remove a document while its owner may still be edited',
    description:
      'On an application it is an edit: every signature is dropped and contentHash changes.',
  })
  @ApiNoContentResponse({ description: 'Removed' })
  async remove(@CurrentPrincipal() principal: Principal, @Param() { id }: IdParam): Promise<void> {
    await this.documents.remove(principal, id);
  }
}
