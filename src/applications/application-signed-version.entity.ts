import { Column, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import type { Bilingual } from '../common/bilingual';
import { INSTANT } from '../database/columns';
import type { Application, BudgetLine, Side } from './application.entity';

/** The content a signature covers: what its hash is the SHA-256 of (canonical JSON). */
export interface SignedContent {
  roundId: string;
  partnershipId: string;
  title: Bilingual;
  summary: Bilingual;
  startsOn: string;
  endsOn: string;
  budgetLines: BudgetLine[];
  /**
   * The attachments (issue 17), sorted by SHA-256: present only when the application has any, so
   * the hash of an application without documents is what it was before documents existed.
   */
  documents?: SignedDocument[];
}

/** An attachment as a signature covers it: its bytes (by SHA-256), its kind and its name. */
export interface SignedDocument {
  sha256: string;
  kind: string;
  fileName: string;
}

/**
 * The content as a city signed it, kept when an edit drops the signature, so the other city can
 * see what changed since it signed (issue 15). One row per signature; never updated.
 */
@Entity('application_signed_versions')
@Index('ix_application_signed_versions_application', ['applicationId', 'signedAt'])
export class ApplicationSignedVersion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column('uuid')
  applicationId: string;

  @ManyToOne('Application', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'application_id' })
  application?: Application;

  @Column('varchar', { length: 2 })
  side: Side;

  @Column('uuid')
  cityId: string;

  @Column('uuid')
  userId: string;

  @Column('char', { length: 64 })
  contentHash: string;

  @Column('jsonb')
  content: SignedContent;

  @Column(INSTANT)
  signedAt: Date;
}
