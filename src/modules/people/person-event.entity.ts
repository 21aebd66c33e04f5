import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A feed that delivers person events. `outOfOrder` feeds may deliver an event before the events it
 * depends on: such an event is held PENDING until it fits, instead of being refused.
 */
@Entity({ name: 'person_event_sources' })
@Check('CHK_person_event_source_code', `"code" ~ '^[A-Z0-9_-]{1,40}$'`)
export class PersonEventSourceEntity {
  @PrimaryColumn({ type: 'varchar', length: 40 })
  code!: string;

  @Column({ name: 'out_of_order', type: 'boolean', default: false })
  outOfOrder!: boolean;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One imported batch: its key and a hash of its canonical content, for replays. */
@Entity({ name: 'person_event_batches' })
export class PersonEventBatchEntity {
  @PrimaryColumn({ name: 'batch_key', type: 'varchar', length: 200 })
  batchKey!: string;

  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @Column({ name: 'event_count', type: 'integer' })
  eventCount!: number;

  @Column({ name: 'applied_count', type: 'integer' })
  appliedCount!: number;

  @Column({ name: 'pending_count', type: 'integer' })
  pendingCount!: number;

  @Column({ name: 'unchanged_count', type: 'integer' })
  unchangedCount!: number;

  @Column({ name: 'released_count', type: 'integer', comment: 'earlier PENDING events that applied because of this batch' })
  releasedCount!: number;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}

/**
 * A pseudonymised person event. Append-only: the only change ever made is PENDING -> APPLIED
 * (with its `applied_seq`), enforced by a trigger. History order of a person is
 * (event_date, applied_seq).
 */
@Entity({ name: 'person_events' })
@Check('CHK_person_event_person', `"person_id" ~ '^[A-Za-z0-9_-]{8,64}$' AND "person_id" !~ '^[0-9]+$'`)
@Check('CHK_person_event_type', `"type" IN ('OBLIGATION_STARTED','HOUSED','MOVED','OBLIGATION_ENDED')`)
@Check('CHK_person_event_status', `"status" IN ('APPLIED','PENDING')`)
@Check('CHK_person_event_applied', `("status" = 'APPLIED') = ("applied_seq" IS NOT NULL)`)
@Check(
  'CHK_person_event_shape',
  `("type" = 'OBLIGATION_STARTED' AND "category" IS NOT NULL AND "from_code" IS NULL AND "to_code" IS NULL AND "end_reason" IS NULL)
   OR ("type" = 'HOUSED' AND "municipality_code" IS NOT NULL AND "category" IS NULL AND "route" IS NULL AND "from_code" IS NULL AND "to_code" IS NULL AND "end_reason" IS NULL)
   OR ("type" = 'MOVED' AND "from_code" IS NOT NULL AND "to_code" IS NOT NULL AND "from_code" <> "to_code" AND "municipality_code" IS NULL AND "category" IS NULL AND "route" IS NULL AND "end_reason" IS NULL)
   OR ("type" = 'OBLIGATION_ENDED' AND "end_reason" IS NOT NULL AND "municipality_code" IS NULL AND "category" IS NULL AND "route" IS NULL AND "from_code" IS NULL AND "to_code" IS NULL)`,
)
@Check('CHK_person_event_category', `"category" IS NULL OR "category" IN ('ASIELSTATUSHOUDER','GEZINSMIGRANT','OVERIG')`)
@Check('CHK_person_event_route', `"route" IS NULL OR "route" IN ('B1','ONDERWIJSROUTE','Z_ROUTE')`)
@Check('CHK_person_event_end_reason', `"end_reason" IS NULL OR "end_reason" IN ('COMPLETED','EXEMPTED','LEFT_COUNTRY','OTHER')`)
@Index('IDX_person_events_history', ['personId', 'eventDate', 'appliedSeq'])
/** The feed-silence read (`max(recorded_at)` per source, alerts FEED_SILENT): one index probe per feed, decision 1341. */
@Index('IDX_person_events_source_recorded', ['source', 'recordedAt'])
/** Who ever touched a municipality (a controller's people page), decision 1760. */
@Index('IDX_person_events_municipality', ['municipalityCode', 'personId'])
@Index('IDX_person_events_from', ['fromCode', 'personId'])
@Index('IDX_person_events_to', ['toCode', 'personId'])
export class PersonEventEntity {
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  @Column({ type: 'varchar', length: 20 })
  type!: string;

  @Column({ name: 'event_date', type: 'date' })
  eventDate!: string;

  @Column({ type: 'varchar', length: 20, nullable: true })
  category!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;

  /** OBLIGATION_STARTED: responsible municipality, null while in reception (COA); HOUSED: required. */
  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  @Column({ name: 'from_code', type: 'varchar', length: 6, nullable: true })
  fromCode!: string | null;

  @Column({ name: 'to_code', type: 'varchar', length: 6, nullable: true })
  toCode!: string | null;

  @Column({ name: 'end_reason', type: 'varchar', length: 20, nullable: true })
  endReason!: string | null;

  @Column({ type: 'varchar', length: 40 })
  source!: string;

  @Column({ name: 'source_recorded_at', type: 'timestamptz' })
  sourceRecordedAt!: Date;

  /** Order in which the engine recorded the event (line order within a batch). */
  @Index('UQ_person_events_recorded_seq', { unique: true })
  @Column({ name: 'recorded_seq', type: 'bigint' })
  recordedSeq!: string;

  @Column({ type: 'varchar', length: 10 })
  status!: string;

  /** Order in which the event applied; null while PENDING. The event-state watermark. */
  @Index('UQ_person_events_applied_seq', { unique: true })
  @Column({ name: 'applied_seq', type: 'bigint', nullable: true })
  appliedSeq!: string | null;

  @Column({ name: 'batch_key', type: 'varchar', length: 200 })
  batchKey!: string;

  /** SHA-256 of the canonical content (docs/import-formats-events.md): same id + other content is refused. */
  @Column({ name: 'content_hash', type: 'char', length: 64 })
  contentHash!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
