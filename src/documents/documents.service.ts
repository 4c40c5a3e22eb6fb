import { Injectable, Logger } from '@nestjs/common';
import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { DataSource, EntityManager } from 'typeorm';
import { AwardAmendment } from '../amendments/award-amendment.entity';
import { Application } from '../applications/application.entity';
import { ApplicationsService } from '../applications/applications.service';
import type { Principal } from '../auth/principal';
import { Reach } from '../auth/reach';
import { ChangeLog } from '../audit/change-log.service';
import { Award } from '../awards/award.entity';
import { AppError, notFound } from '../common/errors/app-error';
import type { UploadedFile } from '../common/http/file-upload';
import { Page, PageQuery, paginate } from '../common/http/pagination';
import { GranteeReport } from '../grantee-reports/grantee-report.entity';
import { transitionFor } from '../grantee-reports/report-transitions';
import { DocumentStores, newStorageKey } from './document-store';
import { ALLOWED_TYPES_MESSAGE, detectDocumentType, documentFileName } from './document-type';
import { Document, type DocumentKind, type DocumentOwner } from './document.entity';

/** What a document is attached to. */
export interface OwnerRef {
  type: DocumentOwner;
  id: string;
}

/** A document's bytes, ready to stream. */
export interface DocumentContent {
  document: Document;
  stream: Readable;
}

/** How each owner type is named in messages (and matched by problem-ja.ts). */
const OWNER_NAMES: Record<DocumentOwner, string> = {
  application: 'Application',
  grantee_report: 'Report',
  amendment: 'Amendment',
};

const refusedType = () =>
  new AppError('validation_failed', 'The file is not of a type accepted as an attachment', [
    { field: 'file', message: ALLOWED_TYPES_MESSAGE },
  ]);

/**
 * Attachments of applications, grantee reports and amendments (issue 17). The bytes go to the
 * document store before the row's transaction commits and are removed again when it does not; a
 * deleted document's bytes are removed once its deletion has committed. On an application, an
 * attachment is part of what both cities sign: adding or removing one is an edit (signatures
 * dropped, content hash recomputed), made through ApplicationsService as PATCH makes it.
 */
@Injectable()
export class DocumentsService {
  private readonly log = new Logger(DocumentsService.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly changeLog: ChangeLog,
    private readonly applications: ApplicationsService,
    private readonly stores: DocumentStores,
  ) {}

  async upload(
    principal: Principal,
    owner: OwnerRef,
    kind: DocumentKind,
    file: UploadedFile,
  ): Promise<Document> {
    const type = await detectDocumentType(file.buffer, file.filename);
    if (!type) throw refusedType();
    const store = this.stores.current;
    const fields = {
      ownerType: owner.type,
      ownerId: owner.id,
      kind,
      fileName: documentFileName(file.filename, type),
      contentType: type.contentType,
      sizeBytes: file.buffer.length,
      sha256: createHash('sha256').update(file.buffer).digest('hex'),
      storage: store.kind,
      storageKey: newStorageKey(),
      uploadedBy: principal.userId,
    };
    let written = false;
    try {
      return await this.dataSource.transaction(async (manager) => {
        // Written once the owner is locked and the upload allowed, so a refusal writes nothing.
        const attach = async () => {
          await store.put(fields.storageKey, file.buffer, fields.contentType);
          written = true;
          const { id } = await manager.save(manager.create(Document, fields));
          // Read back with what the row is shown with (the uploader's name).
          return manager.findOneByOrFail(Document, { id });
        };
        const { result: document, signed } = await this.editOwner(
          manager,
          principal,
          owner,
          attach,
        );
        await this.changeLog.record(manager, {
          actor: principal,
          action: 'document.uploaded',
          entity: { type: 'document', id: document.id },
          data: { ...auditData(document), ...signed },
        });
        return document;
      });
    } catch (error) {
      // The row never committed: its bytes must not outlive it.
      if (written) await this.removeBytes(store.kind, fields.storageKey);
      throw error;
    }
  }

  async remove(principal: Principal, id: string): Promise<void> {
    const found = await this.get(principal, id);
    const owner = { type: found.ownerType, id: found.ownerId };
    const document = await this.dataSource.transaction(async (manager) => {
      const detach = async () => {
        const deleted = await manager.delete(Document, { id });
        // Another request deleted it meanwhile (it waited on the owner's lock).
        if (!deleted.affected) throw notFound('Document');
        return found;
      };
      const { signed } = await this.editOwner(manager, principal, owner, detach);
      await this.changeLog.record(manager, {
        actor: principal,
        action: 'document.deleted',
        entity: { type: 'document', id },
        data: { ...auditData(found), ...signed },
      });
      return found;
    });
    await this.removeBytes(document.storage, document.storageKey);
  }

  /** A document whose owner is within the caller's reach (404 otherwise, as if absent). */
  async get(principal: Principal, id: string): Promise<Document> {
    const document = await this.dataSource.getRepository(Document).findOneBy({ id });
    if (!document) throw notFound('Document');
    const owner = { type: document.ownerType, id: document.ownerId };
    await this.reachOwner(this.dataSource.manager, principal, owner, 'Document');
    return document;
  }

  async content(principal: Principal, id: string): Promise<DocumentContent> {
    const document = await this.get(principal, id);
    const stream = await this.stores.of(document.storage).get(document.storageKey);
    if (!stream) throw new AppError('not_found', 'The document’s file is no longer stored');
    return { document, stream };
  }

  /** The owner's documents, oldest first (404 when the owner is out of reach). */
  async list(principal: Principal, owner: OwnerRef, query: PageQuery): Promise<Page<Document>> {
    await this.reachOwner(this.dataSource.manager, principal, owner, OWNER_NAMES[owner.type]);
    const qb = this.dataSource
      .getRepository(Document)
      .createQueryBuilder('d')
      .where('d.ownerType = :type AND d.ownerId = :id', owner);
    return paginate(
      qb,
      query,
      [
        { expression: 'd.createdAt', value: (d) => d.createdAt },
        { expression: 'd.id', value: (d) => d.id },
      ],
      'ASC',
    );
  }

  /**
   * Runs `change` (the row inserted or deleted) while the owner is locked and may be edited by
   * the caller: an application through ApplicationsService (an edit: its signatures dropped and
   * its content hash recomputed, returned as `signed` for the audit event), a report or an
   * amendment here.
   */
  private async editOwner<T>(
    manager: EntityManager,
    principal: Principal,
    owner: OwnerRef,
    change: () => Promise<T>,
  ): Promise<{ result: T; signed: Record<string, unknown> }> {
    if (owner.type === 'application') {
      const edit = await this.applications.editContent(
        manager,
        principal,
        owner.id,
        'documents',
        change,
      );
      const { contentHash, status } = edit.application;
      return {
        result: edit.result,
        signed: {
          contentHash,
          applicationStatus: status,
          signaturesDropped: edit.signaturesDropped,
        },
      };
    }
    if (owner.type === 'grantee_report')
      await this.lockReportForGrantee(manager, principal, owner.id);
    else await this.lockRequestedAmendment(manager, principal, owner.id);
    return { result: await change(), signed: {} };
  }

  /**
   * A report the caller writes: within reach, editable (draft or changes_requested: 409
   * otherwise), and for a city user of the report's side (either city for a joint report).
   */
  private async lockReportForGrantee(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<void> {
    const report = await Reach.one(
      manager
        .getRepository(GranteeReport)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id }),
      'report',
      'r',
      principal,
      'Report',
    );
    transitionFor(report, 'edit', principal);
    const award = await manager.findOneByOrFail(Award, { id: report.awardId });
    const cities =
      report.side === 'joint'
        ? [award.jpCityId, award.usCityId]
        : [report.side === 'JP' ? award.jpCityId : award.usCityId];
    if (principal.role === 'city_user' && !cities.includes(principal.cityId ?? '')) {
      throw new AppError(
        'forbidden',
        `Only a user of the ${report.side} city may attach documents to the ${report.side} report`,
      );
    }
  }

  /** An amendment of an award within reach, still `requested` (409 once decided). */
  private async lockRequestedAmendment(
    manager: EntityManager,
    principal: Principal,
    id: string,
  ): Promise<void> {
    const amendment = await manager
      .getRepository(AwardAmendment)
      .createQueryBuilder('am')
      .setLock('pessimistic_write')
      .where('am.id = :id', { id })
      .getOne();
    if (!amendment) throw notFound('Amendment');
    await this.reachAward(manager, principal, amendment.awardId, 'Amendment');
    if (amendment.status !== 'requested') {
      throw new AppError(
        'invalid_state',
        `Cannot change the documents of an amendment that is ${amendment.status}`,
      );
    }
  }

  /** 404 `${what} not found` unless the owner exists within the caller's reach. */
  private async reachOwner(
    manager: EntityManager,
    principal: Principal,
    owner: OwnerRef,
    what: string,
  ): Promise<void> {
    switch (owner.type) {
      case 'application':
        await Reach.one(
          manager
            .getRepository(Application)
            .createQueryBuilder('a')
            .select('a.id')
            .where('a.id = :id', { id: owner.id }),
          'application',
          'a',
          principal,
          what,
        );
        return;
      case 'grantee_report':
        await Reach.one(
          manager
            .getRepository(GranteeReport)
            .createQueryBuilder('r')
            .select('r.id')
            .where('r.id = :id', { id: owner.id }),
          'report',
          'r',
          principal,
          what,
        );
        return;
      case 'amendment': {
        const amendment = await manager.findOne(AwardAmendment, {
          where: { id: owner.id },
          select: { id: true, awardId: true },
        });
        if (!amendment) throw notFound(what);
        await this.reachAward(manager, principal, amendment.awardId, what);
        return;
      }
    }
  }

  /** An amendment is reached through its award (either of the award's cities; staff all). */
  private async reachAward(
    manager: EntityManager,
    principal: Principal,
    awardId: string,
    what: string,
  ): Promise<void> {
    await Reach.one(
      manager
        .getRepository(Award)
        .createQueryBuilder('aw')
        .select('aw.id')
        .where('aw.id = :awardId', { awardId }),
      'award',
      'aw',
      principal,
      what,
    );
  }

  /** Best effort: a failure leaves an orphan object, logged, never a wrong answer. */
  private async removeBytes(storage: Document['storage'], key: string): Promise<void> {
    try {
      await this.stores.of(storage).delete(key);
    } catch (error) {
      this.log.error({ err: error, storage, key }, 'could not remove a document’s stored bytes');
    }
  }
}

const auditData = (d: Document) => ({
  owner: { type: d.ownerType, id: d.ownerId },
  kind: d.kind,
  fileName: d.fileName,
  contentType: d.contentType,
  sha256: d.sha256,
  size: d.sizeBytes,
});
