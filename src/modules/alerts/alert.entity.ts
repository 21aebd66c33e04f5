import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A subscription to one alert condition (issue 18 item 6, decision 1330). Append-only: a
 * subscription is never changed; what it observed is in `alert_states`, what fired in `alerts`.
 */
@Entity({ name: 'alert_subscriptions' })
export class AlertSubscriptionEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_alert_subscriptions' })
  id!: string;

  @Column({ type: 'varchar', length: 40 })
  condition!: string;

  /** The municipality watched; null: every municipality (finance officers) or a national condition. */
  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40, nullable: true })
  schemeCode!: string | null;

  @Column({ type: 'integer', nullable: true })
  year!: number | null;

  @Column({ type: 'integer', nullable: true })
  days!: number | null;

  @Column({ type: 'numeric', precision: 20, scale: 2, nullable: true })
  threshold!: string | null;

  @Column({ name: 'allocation_run_id', type: 'uuid', nullable: true })
  allocationRunId!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  source!: string | null;

  @Column({ name: 'subscriber', type: 'varchar', length: 200 })
  subscriber!: string;

  @Column({ name: 'subscriber_role', type: 'varchar', length: 30 })
  subscriberRole!: string;

  @Index('UQ_alert_subscription_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Whether a subscription's condition held, per subject, at its last evaluation: the edge detector's memory. */
@Entity({ name: 'alert_states' })
export class AlertStateEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid', primaryKeyConstraintName: 'PK_alert_states' })
  subscriptionId!: string;

  /** A municipality code, or NATIONAL. */
  @PrimaryColumn({ type: 'varchar', length: 40, primaryKeyConstraintName: 'PK_alert_states' })
  subject!: string;

  @Column({ type: 'boolean' })
  active!: boolean;

  @Column({ name: 'changed_at', type: 'timestamptz' })
  changedAt!: Date;
}

/** One crossing of a condition: RAISED when it became true, CLEARED when it stopped. Append-only. */
@Entity({ name: 'alerts' })
@Check('CHK_alert_kind', `"kind" IN ('RAISED', 'CLEARED')`)
@Index('IX_alerts_municipality', ['municipalityCode', 'id'])
@Index('IX_alerts_subscription', ['subscriptionId', 'id'])
export class AlertEntity {
  @PrimaryGeneratedColumn({ type: 'bigint', primaryKeyConstraintName: 'PK_alerts' })
  id!: string;

  @Column({ name: 'subscription_id', type: 'uuid' })
  subscriptionId!: string;

  @Column({ type: 'varchar', length: 40 })
  condition!: string;

  @Column({ type: 'varchar', length: 40 })
  subject!: string;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  @Column({ type: 'varchar', length: 10 })
  kind!: string;

  /** The values the condition was judged on, at that moment. */
  @Column({ type: 'jsonb' })
  evidence!: Record<string, unknown>;

  @Column({ name: 'evaluated_at', type: 'timestamptz' })
  evaluatedAt!: Date;
}

/**
 * A subscription's cancellation (decision 1340), append-only. A subscription is cancelled while its
 * latest cancellation has no resumption (decision 1910): it is then not evaluated; what it had
 * raised was cleared when it was cancelled. Cancellation `seq` n > 1 exists only after the
 * resumption of n - 1 (an insert trigger), so at most one is open.
 */
@Entity({ name: 'alert_subscription_cancellations' })
export class AlertSubscriptionCancellationEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid', primaryKeyConstraintName: 'PK_alert_subscription_cancellations' })
  subscriptionId!: string;

  /** 1 for a subscription's first cancellation, 2 for the one after its first resumption, … */
  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_alert_subscription_cancellations' })
  seq!: number;

  @Column({ name: 'cancelled_by', type: 'varchar', length: 200 })
  cancelledBy!: string;

  @Column({ name: 'cancelled_by_role', type: 'varchar', length: 30 })
  cancelledByRole!: string;

  @Index('UQ_alert_cancellation_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'cancelled_at', type: 'timestamptz' })
  cancelledAt!: Date;
}

/**
 * The resumption of a cancelled subscription (decision 1910), append-only: it ends the cancellation
 * of the same `seq` (an insert trigger checks that it exists). A resumed subscription is evaluated
 * again from "nothing raised", like a new one.
 */
@Entity({ name: 'alert_subscription_resumptions' })
export class AlertSubscriptionResumptionEntity {
  @PrimaryColumn({ name: 'subscription_id', type: 'uuid', primaryKeyConstraintName: 'PK_alert_subscription_resumptions' })
  subscriptionId!: string;

  @PrimaryColumn({ type: 'integer', primaryKeyConstraintName: 'PK_alert_subscription_resumptions' })
  seq!: number;

  @Column({ name: 'resumed_by', type: 'varchar', length: 200 })
  resumedBy!: string;

  @Column({ name: 'resumed_by_role', type: 'varchar', length: 30 })
  resumedByRole!: string;

  @Index('UQ_alert_resumption_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'resumed_at', type: 'timestamptz' })
  resumedAt!: Date;
}
