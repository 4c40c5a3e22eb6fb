import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { BilingualLongText, BilingualText } from '../../common/bilingual.dto';
import type { Bilingual } from '../../common/bilingual';
import { CURRENCIES, type Currency } from '../../common/money/money';
import { JAPAN_TIME_ZONE, renderInZones } from '../../common/time';
import type { ApplicationSignedVersion } from '../application-signed-version.entity';
import type { ApplicationTransition } from '../application-transition.entity';
import { APPLICATION_STATUSES, type ApplicationStatus, type Side } from '../application.entity';
import type { ApplicationSummary, ApplicationView } from '../applications.service';
import { requestedAmounts } from '../requested-amounts';
import { BudgetLineDto, SIDES } from './application.dto';

export class RequestedAmountDto {
  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ enum: CURRENCIES })
  currency: Currency;

  @ApiProperty({ description: 'Sum of that side’s lines in that currency, minor units' })
  amountMinor: number;
}

export class SignatureDto {
  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ format: 'uuid' })
  cityId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ description: 'The content hash this city signed' })
  contentHash: string;

  @ApiProperty({ format: 'date-time' })
  signedAt: string;
}

/** The round's closesAt, as an instant and on the wall clocks of Japan and of the US city. */
export class DeadlineDto {
  [zone: string]: string;

  @ApiProperty({ format: 'date-time', description: 'The instant, UTC' })
  closesAt: string;
}

export class ApplicationListItem {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ format: 'uuid' })
  roundId: string;

  @ApiProperty({ format: 'uuid' })
  partnershipId: string;

  @ApiProperty({ format: 'uuid' })
  jpCityId: string;

  @ApiProperty({ format: 'uuid' })
  usCityId: string;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  status: ApplicationStatus;

  @ApiProperty({ type: BilingualText })
  title: Bilingual;

  @ApiProperty()
  contentHash: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  submittedAt: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time' })
  updatedAt: string;

  @ApiProperty({ description: 'The ETag value' })
  version: number;

  static of(a: ApplicationSummary): ApplicationListItem {
    return {
      id: a.id,
      roundId: a.roundId,
      partnershipId: a.partnershipId,
      jpCityId: a.jpCityId,
      usCityId: a.usCityId,
      status: a.status,
      title: a.title,
      contentHash: a.contentHash,
      submittedAt: a.submittedAt?.toISOString() ?? null,
      createdAt: a.createdAt.toISOString(),
      updatedAt: a.updatedAt.toISOString(),
      version: a.version,
    };
  }
}

export class ApplicationResponse extends ApplicationListItem {
  @ApiProperty({ type: BilingualLongText })
  summary: Bilingual;

  @ApiProperty({ example: '2026-04-01' })
  startsOn: string;

  @ApiProperty({ example: '2027-03-31' })
  endsOn: string;

  @ApiProperty({ type: [BudgetLineDto] })
  budgetLines: BudgetLineDto[];

  @ApiProperty({ type: [RequestedAmountDto], description: 'Derived from the budget lines' })
  requested: RequestedAmountDto[];

  @ApiProperty({ type: [SignatureDto] })
  signatures: SignatureDto[];

  @ApiProperty({ format: 'uuid' })
  createdBy: string;

  @ApiProperty({
    type: DeadlineDto,
    description: 'When signing stops: the round’s closesAt, also in each city’s zone',
    example: {
      closesAt: '2026-12-01T00:00:00.000Z',
      'Asia/Tokyo': '2026-12-01T09:00:00+09:00',
      'America/Los_Angeles': '2026-11-30T16:00:00-08:00',
    },
  })
  deadline: DeadlineDto;

  static from(view: ApplicationView): ApplicationResponse {
    const a = view.application;
    return {
      ...ApplicationListItem.of(a),
      summary: a.summary,
      startsOn: a.startsOn,
      endsOn: a.endsOn,
      budgetLines: a.budgetLines,
      requested: requestedAmounts(a.budgetLines),
      signatures: view.signatures.map((s) => ({
        side: s.side,
        cityId: s.cityId,
        userId: s.userId,
        contentHash: s.contentHash,
        signedAt: s.signedAt.toISOString(),
      })),
      createdBy: a.createdBy,
      deadline: {
        closesAt: view.closesAt.toISOString(),
        ...renderInZones(view.closesAt, [JAPAN_TIME_ZONE, view.usTimeZone]),
      },
    };
  }
}

export class ApplicationPage {
  @ApiProperty({ type: [ApplicationListItem] })
  data: ApplicationListItem[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class HistoryEntry {
  @ApiProperty({ enum: APPLICATION_STATUSES, nullable: true, description: 'Null at creation' })
  from: ApplicationStatus | null;

  @ApiProperty({ enum: APPLICATION_STATUSES })
  to: ApplicationStatus;

  @ApiProperty({ example: 'sign_first' })
  action: string;

  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'Null: the system' })
  actorId: string | null;

  @ApiProperty({ format: 'date-time' })
  at: string;

  @ApiPropertyOptional({ description: 'The officer’s message when returned' })
  message?: string;

  static of(t: ApplicationTransition): HistoryEntry {
    return {
      from: t.from,
      to: t.to,
      action: t.action,
      actorId: t.actorId,
      at: t.at.toISOString(),
      ...(t.message !== null ? { message: t.message } : {}),
    };
  }
}

export class ApplicationHistory {
  @ApiProperty({ type: [HistoryEntry] })
  data: HistoryEntry[];
}

export class SignedDocumentDto {
  @ApiProperty({ description: 'SHA-256 of the attachment’s bytes (hex)' })
  sha256: string;

  @ApiProperty({ example: 'letter_of_support' })
  kind: string;

  @ApiProperty({ example: 'letter-of-support.pdf' })
  fileName: string;
}

export class SignedContentDto {
  @ApiProperty({ type: BilingualText })
  title: Bilingual;

  @ApiProperty({ type: BilingualLongText })
  summary: Bilingual;

  @ApiProperty({ example: '2026-04-01' })
  startsOn: string;

  @ApiProperty({ example: '2027-03-31' })
  endsOn: string;

  @ApiProperty({ type: [BudgetLineDto] })
  budgetLines: BudgetLineDto[];

  @ApiPropertyOptional({
    type: [SignedDocumentDto],
    description: 'The attachments signed, by SHA-256; absent when there were none',
  })
  documents?: SignedDocumentDto[];
}

export class SignedVersionDto {
  @ApiProperty({ enum: SIDES })
  side: Side;

  @ApiProperty({ format: 'uuid' })
  cityId: string;

  @ApiProperty({ format: 'uuid' })
  userId: string;

  @ApiProperty({ format: 'date-time' })
  signedAt: string;

  @ApiProperty({ description: 'The content hash signed: SHA-256 of the canonical content' })
  contentHash: string;

  @ApiProperty({ type: SignedContentDto, description: 'The content as it was signed' })
  content: SignedContentDto;

  static of(v: ApplicationSignedVersion): SignedVersionDto {
    const { title, summary, startsOn, endsOn, budgetLines, documents } = v.content;
    return {
      side: v.side,
      cityId: v.cityId,
      userId: v.userId,
      signedAt: v.signedAt.toISOString(),
      contentHash: v.contentHash,
      content: {
        title,
        summary,
        startsOn,
        endsOn,
        budgetLines,
        ...(documents ? { documents } : {}),
      },
    };
  }
}

export class SignedVersions {
  @ApiProperty({ type: [SignedVersionDto], description: 'Newest first' })
  data: SignedVersionDto[];
}
