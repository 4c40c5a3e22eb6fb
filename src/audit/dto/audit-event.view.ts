import { ApiProperty } from '@nestjs/swagger';

export class AuditEventView {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ description: 'Position in the chain, from 1 without gaps' })
  seq: number;

  @ApiProperty({ type: String, format: 'date-time' })
  occurredAt: Date;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  actorId: string | null;

  @ApiProperty({ enum: ['user', 'api_key', 'system'] })
  actorType: string;

  @ApiProperty({ example: 'application.submitted' })
  action: string;

  @ApiProperty({ example: 'application' })
  entityType: string;

  @ApiProperty()
  entityId: string;

  @ApiProperty({ type: 'object', additionalProperties: true })
  data: Record<string, unknown>;

  @ApiProperty({ nullable: true, type: String })
  requestId: string | null;

  @ApiProperty({ description: 'SHA-256 (hex) of the previous event; 64 zeros for the first' })
  prevHash: string;

  @ApiProperty({ description: 'SHA-256 (hex) of prevHash ‖ canonical event' })
  hash: string;
}

export class AuditEventPage {
  @ApiProperty({ type: [AuditEventView] })
  data: AuditEventView[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor: string | null;
}

export class ChainVerification {
  @ApiProperty()
  valid: boolean;

  @ApiProperty({ description: 'Events checked (up to and including the first broken one)' })
  checked: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  firstBrokenAt: string | null;

  @ApiProperty({ nullable: true, type: Number })
  firstBrokenSeq: number | null;

  @ApiProperty({
    nullable: true,
    enum: ['seq_gap', 'prev_hash_mismatch', 'hash_mismatch'],
    description: 'Why the first broken event does not follow its predecessor',
  })
  reason: string | null;
}
