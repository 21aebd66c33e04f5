import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A merger registration made with an idempotency key: the key and the hash of the request, so a
 * replay answers with the original registration and its transfers (decision 1601). Append-only.
 */
@Entity({ name: 'merger_registrations' })
export class MergerRegistrationEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_merger_registrations' })
  id!: string;

  @Index('UQ_merger_registration_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ name: 'dissolved_codes', type: 'varchar', array: true })
  dissolvedCodes!: string[];

  @Column({ name: 'successor_code', type: 'varchar', length: 6 })
  successorCode!: string;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
