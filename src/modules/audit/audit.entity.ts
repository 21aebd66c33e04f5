import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** Append-only (triggers refuse UPDATE and DELETE): every mutation and every refused access. */
@Entity({ name: 'audit_log' })
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('IDX_audit_log_at')
  @CreateDateColumn({ type: 'timestamptz' })
  at!: Date;

  @Column({ name: 'request_id', type: 'varchar', length: 100 })
  requestId!: string;

  @Column({ type: 'varchar', length: 200, nullable: true })
  subject!: string | null;

  @Column({ type: 'varchar', length: 40, nullable: true })
  role!: string | null;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  /** `mutation` or `query` (queries are recorded only when refused). */
  @Column({ name: 'operation_type', type: 'varchar', length: 20 })
  operationType!: string;

  @Column({ name: 'operation_name', type: 'varchar', length: 200, nullable: true })
  operationName!: string | null;

  /** Top-level fields called, e.g. `{runAllocation}`. */
  @Column({ type: 'text', array: true })
  fields!: string[];

  /** Variables with secrets removed. */
  @Column({ type: 'jsonb' })
  arguments!: Record<string, unknown>;

  /** `OK`, or the error codes, e.g. `FORBIDDEN`. */
  @Column({ type: 'varchar', length: 100 })
  outcome!: string;
}
