import { Module } from '@nestjs/common';
import { ApplicationsModule } from '../applications/applications.module';
import { DocumentStores } from './document-store';
import {
  AmendmentDocumentsController,
  ApplicationDocumentsController,
  DocumentsController,
  DocumentUploadInterceptor,
  ReportDocumentsController,
} from './documents.controller';
import { DocumentsService } from './documents.service';

/**
 * Attachments of applications, grantee reports and amendments (issue 17): uploads checked by
 * content, stored on local disk or S3-compatible storage, covered by an application's signatures.
 */
@Module({
  imports: [ApplicationsModule],
  controllers: [
    ApplicationDocumentsController,
    ReportDocumentsController,
    AmendmentDocumentsController,
    DocumentsController,
  ],
  providers: [DocumentsService, DocumentStores, DocumentUploadInterceptor],
  exports: [DocumentsService, DocumentStores],
})
export class DocumentsModule {}
