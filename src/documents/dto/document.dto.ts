import { ApiProperty } from '@nestjs/swagger';
import { IsIn } from 'class-validator';
import {
  DOCUMENT_KINDS,
  DOCUMENT_OWNERS,
  type Document,
  type DocumentKind,
  type DocumentOwner,
} from '../document.entity';

/** `?kind=` of an upload. */
export class UploadDocumentQuery {
  @ApiProperty({ enum: DOCUMENT_KINDS })
  @IsIn(DOCUMENT_KINDS)
  kind: DocumentKind;
}

export class DocumentUploadDto {
  @ApiProperty({
    type: 'string',
    format: 'binary',
    description:
      'The file (multipart field `file`): PDF, PNG, JPEG, DOCX or XLSX, recognised by content; ' +
      'CSV or plain text when named .csv / .txt and valid UTF-8. At most DOCUMENT_MAX_BYTES.',
  })
  file: unknown;
}

export class DocumentResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: DOCUMENT_OWNERS })
  ownerType: DocumentOwner;

  @ApiProperty({ format: 'uuid' })
  ownerId: string;

  @ApiProperty({ enum: DOCUMENT_KINDS })
  kind: DocumentKind;

  @ApiProperty({
    description: 'As uploaded, its extension made the one of the type found',
    example: 'letter-of-support.pdf',
  })
  fileName: string;

  @ApiProperty({ description: 'Found from the content', example: 'application/pdf' })
  contentType: string;

  @ApiProperty()
  sizeBytes: number;

  @ApiProperty({ description: 'SHA-256 of the bytes (hex); the download’s ETag' })
  sha256: string;

  @ApiProperty({ format: 'uuid' })
  uploadedBy: string;

  @ApiProperty({ description: 'The uploader’s display name', example: 'Hanako Sato' })
  uploadedByName: string;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  static of(d: Document): DocumentResponse {
    return {
      id: d.id,
      ownerType: d.ownerType,
      ownerId: d.ownerId,
      kind: d.kind,
      fileName: d.fileName,
      contentType: d.contentType,
      sizeBytes: d.sizeBytes,
      sha256: d.sha256,
      uploadedBy: d.uploadedBy,
      uploadedByName: d.uploadedByName,
      createdAt: d.createdAt.toISOString(),
    };
  }
}

export class DocumentPage {
  @ApiProperty({ type: [DocumentResponse], description: 'Oldest first' })
  data: DocumentResponse[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}
