import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One distribution of a national half-year housing task (decision 1613): its inputs and result as
 * canonical JSON with their SHA-256 hashes, the count batch it recorded, and the idempotency key
 * it was made with. Append-only; one per half-year.
 */
@Entity({ name: 'housing_task_runs' })
@Index('UQ_housing_task_runs_half', ['year', 'half'], { unique: true })
export class HousingTaskRunEntity {
  @PrimaryColumn({ type: 'uuid', primaryKeyConstraintName: 'PK_housing_task_runs' })
  id!: string;

  @Column({ type: 'int' })
  year!: number;

  @Column({ type: 'smallint' })
  half!: number;

  @Index('UQ_housing_task_runs_key', { unique: true })
  @Column({ name: 'idempotency_key', type: 'varchar', length: 200 })
  idempotencyKey!: string;

  @Column({ name: 'request_hash', type: 'varchar', length: 64 })
  requestHash!: string;

  @Column({ type: 'int' })
  total!: number;

  @Column({ type: 'jsonb' })
  inputs!: unknown;

  @Column({ name: 'input_hash', type: 'varchar', length: 64 })
  inputHash!: string;

  @Column({ type: 'jsonb' })
  result!: unknown;

  @Column({ name: 'result_hash', type: 'varchar', length: 64 })
  resultHash!: string;

  @Column({ name: 'count_batch_key', type: 'varchar', length: 200 })
  countBatchKey!: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @Column({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
