import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  PrimaryGeneratedColumn,
  VirtualColumn,
} from 'typeorm';
import { INSTANT } from '../database/columns';

/** What a document is attached to (issue 17). */
export const DOCUMENT_OWNERS = ['application', 'grantee_report', 'amendment'] as const;
export type DocumentOwner = (typeof DOCUMENT_OWNERS)[number];

export const DOCUMENT_KINDS = [
  'letter_of_support',
  'agreement',
  'budget',
  'receipt',
  'other',
] as const;
export type DocumentKind = (typeof DOCUMENT_KINDS)[number];

export const DOCUMENT_STORAGES = ['local', 's3'] as const;
export type DocumentStorage = (typeof DOCUMENT_STORAGES)[number];

/**
 * An attachment of an application, a grantee report or an amendment: a letter of support, the
 * cities' agreement, a budget, a receipt. The bytes live in the document store (local disk, or
 * S3-compatible storage when configured) under `storageKey`; the row keeps what was checked on
 * upload: the type found from the content (magic bytes), its size and its SHA-256. A signed
 * application's content hash covers its documents' SHA-256.
 */
@Entity('documents')
@Index('ix_documents_owner', ['ownerType', 'ownerId', 'createdAt'])
export class Document {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('varchar', { length: 20 })
  ownerType: DocumentOwner;

  @Column('uuid')
  ownerId: string;

  @Column('varchar', { length: 30 })
  kind: DocumentKind;

  /** As uploaded, for the download's Content-Disposition (never used as a path). */
  @Column('varchar', { length: 255 })
  fileName: string;

  /** Found from the content, not taken from the upload's header. */
  @Column('varchar', { length: 100 })
  contentType: string;

  @Column('bigint')
  sizeBytes: number;

  @Column('char', { length: 64 })
  sha256: string;

  @Column('varchar', { length: 10 })
  storage: DocumentStorage;

  @Column('varchar', { length: 300 })
  storageKey: string;

  @Column('uuid')
  uploadedBy: string;

  /**
   * The uploader as the portal names them (their display name now), read with the row: a
   * partnership's two cities see which of their staff attached what.
   */
  @VirtualColumn('varchar', {
    query: (alias) => `SELECT u.display_name FROM users u WHERE u.id = ${alias}.uploaded_by`,
  })
  uploadedByName: string;

  @CreateDateColumn(INSTANT)
  createdAt: Date;
}
