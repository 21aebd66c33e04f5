import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Every notification received on POST /notificaties, one row per `berichtId` (append-only). The
 * person is stored only as the engine's pseudonym, never as a BSN or V-number (decision 1501).
 */
@Entity({ name: 'chain_inbox' })
@Check('CHK_chain_inbox_outcome', `"outcome" IN ('APPLIED','PENDING','NO_CHANGE','IGNORED','UNRESOLVED')`)
@Check('CHK_chain_inbox_person', `"person_id" IS NULL OR ("person_id" ~ '^[a-z0-9]{1,12}_[A-Za-z0-9_-]{43}$')`)
export class ChainInboxEntity {
  @PrimaryColumn({ name: 'bericht_id', type: 'uuid' })
  berichtId!: string;

  @Column({ type: 'varchar', length: 20 })
  bron!: string;

  @Column({ type: 'varchar', length: 20 })
  doel!: string;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'gebeurtenis_id', type: 'varchar', length: 6 })
  gebeurtenisId!: string;

  @Index('IDX_chain_inbox_person')
  @Column({ name: 'person_id', type: 'varchar', length: 64, nullable: true })
  personId!: string | null;

  /** `registratieDatumTijd`: when the source registered the event. */
  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;

  /** SHA-256 of the canonical request with the pseudonym in place of the number (a replay check). */
  @Column({ name: 'request_hash', type: 'char', length: 64 })
  requestHash!: string;

  @Column({ type: 'varchar', length: 12 })
  outcome!: string;

  @Column({ type: 'varchar', length: 300 })
  reason!: string;

  /** The person-event batch the notification became (people module), when it changed anything. */
  @Column({ name: 'batch_key', type: 'varchar', length: 200, nullable: true })
  batchKey!: string | null;

  @CreateDateColumn({ name: 'received_at', type: 'timestamptz' })
  receivedAt!: Date;
}

/**
 * What a municipality is told (item 3's outbox and item 4's feed, one table, append-only): a thin
 * notification in the engine's own catalogue, in commit order per municipality (`id`).
 */
@Entity({ name: 'chain_notifications' })
@Check('CHK_chain_notifications_type', `"event_type" ~ '^[A-Z][A-Z_]{2,59}$'`)
@Index('IDX_chain_notifications_feed', ['municipalityCode', 'id'])
@Index('IDX_chain_notifications_occurred', ['occurredAt'])
export class ChainNotificationEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'event_type', type: 'varchar', length: 60 })
  eventType!: string;

  /** Pseudonymised person id or a decision/record id: never a BSN. */
  @Column({ name: 'subject_id', type: 'varchar', length: 100 })
  subjectId!: string;

  /** When it happened in the world (the source's registration time, or the engine's decision time). */
  @Column({ name: 'occurred_at', type: 'timestamptz' })
  occurredAt!: Date;

  /** When the engine received it (null for what the engine itself decided). */
  @Column({ name: 'received_at', type: 'timestamptz', nullable: true })
  receivedAt!: Date | null;

  /** The inbound message it came from, if any. */
  @Column({ name: 'bericht_id', type: 'uuid', nullable: true })
  berichtId!: string | null;

  /** When the notification became visible to the municipality (its transaction's commit time, ~now()). */
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** The endpoint a municipality registered for its notifications (one per municipality; re-registering replaces it). */
@Entity({ name: 'chain_endpoints' })
@Check('CHK_chain_endpoints_url', `"url" ~ '^https?://'`)
export class ChainEndpointEntity {
  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ type: 'varchar', length: 500 })
  url!: string;

  /** Standard Webhooks signing secret (`whsec_` + base64), shown once to whoever registers. */
  @Column({ type: 'varchar', length: 100 })
  secret!: string;

  @Column({ name: 'registered_by', type: 'varchar', length: 200 })
  registeredBy!: string;

  @Column({ name: 'registered_at', type: 'timestamptz' })
  registeredAt!: Date;
}

/**
 * Delivery progress per municipality: every notification with `id <= delivered_id` was acknowledged.
 * The head (`delivered_id`'s successor) is retried with backoff; after the last attempt the
 * municipality's delivery is parked (`dead_since`), in order, until a finance officer replays it.
 */
@Entity({ name: 'chain_delivery_state' })
export class ChainDeliveryStateEntity {
  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @Column({ name: 'delivered_id', type: 'bigint', default: 0 })
  deliveredId!: string;

  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  @Column({ name: 'next_attempt_at', type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt!: Date;

  @Column({ name: 'last_error', type: 'varchar', length: 300, nullable: true })
  lastError!: string | null;

  @Column({ name: 'dead_since', type: 'timestamptz', nullable: true })
  deadSince!: Date | null;

  @Column({ name: 'last_delivered_at', type: 'timestamptz', nullable: true })
  lastDeliveredAt!: Date | null;
}
