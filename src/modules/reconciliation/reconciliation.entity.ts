import { Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A reconciliation run. QUEUED → RUNNING → SUCCEEDED | FAILED; once finished the row is frozen by a
 * trigger (migration). Inputs and outputs are written in the one final transaction, so a FAILED run
 * never holds results. The partial unique index allows one active run per scheme-year.
 */
@Entity({ name: 'reconciliation_runs' })
@Index('UQ_reconciliation_runs_active', ['schemeCode', 'year'], { unique: true, where: `status IN ('QUEUED', 'RUNNING')` })
@Check('CHK_reconciliation_runs_status', `status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')`)
export class ReconciliationRunEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'scheme_code', type: 'varchar', length: 40 })
  schemeCode!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ name: 'as_of', type: 'timestamptz' })
  asOf!: Date;

  @Column({ name: 'municipality_codes', type: 'text', array: true, nullable: true })
  municipalityCodes!: string[] | null;

  @Column({ type: 'varchar', length: 10 })
  status!: string;

  @Column({ name: 'progress_done', type: 'integer', default: 0 })
  progressDone!: number;

  @Column({ name: 'progress_total', type: 'integer', default: 0 })
  progressTotal!: number;

  @Column({ name: 'started_at', type: 'timestamptz', nullable: true })
  startedAt!: Date | null;

  @Column({ name: 'finished_at', type: 'timestamptz', nullable: true })
  finishedAt!: Date | null;

  @Column({ name: 'duration_ms', type: 'integer', nullable: true })
  durationMs!: number | null;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  inputs!: unknown;

  @Column({ name: 'input_hash', type: 'char', length: 64, nullable: true })
  inputHash!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  output!: unknown;

  @Column({ name: 'output_hash', type: 'char', length: 64, nullable: true })
  outputHash!: string | null;

  @Column({ name: 'journal_head_hash', type: 'char', length: 64, nullable: true })
  journalHeadHash!: string | null;

  @Column({ name: 'journal_head_sequence', type: 'bigint', nullable: true })
  journalHeadSequence!: string | null;

  @Column({ name: 'difference_count', type: 'integer', nullable: true })
  differenceCount!: number | null;

  @Column({ name: 'created_by', type: 'varchar', length: 200 })
  createdBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** One difference of a finished run (append-only; written with the run's SUCCEEDED transition). */
@Entity({ name: 'reconciliation_differences' })
@Index('IX_reconciliation_differences_run', ['runId', 'ordinal'], { unique: true })
export class ReconciliationDifferenceEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'integer' })
  ordinal!: number;

  @Column({ name: 'check_code', type: 'varchar', length: 40 })
  checkCode!: string;

  @Column({ name: 'municipality_code', type: 'varchar', length: 6, nullable: true })
  municipalityCode!: string | null;

  @Column({ type: 'varchar', length: 200, nullable: true })
  account!: string | null;

  @Column({ type: 'varchar', length: 5 })
  unit!: string;

  @Column({ type: 'numeric' })
  expected!: string;

  @Column({ type: 'numeric' })
  actual!: string;

  @Column({ type: 'numeric' })
  difference!: string;

  @Column({ type: 'varchar', length: 15 })
  direction!: string;

  @Column({ type: 'varchar', length: 40 })
  cause!: string;

  @Column({ type: 'text' })
  detail!: string;

  @Column({ type: 'jsonb' })
  refs!: string[];
}

/** A recomputation of a finished run from its stored inputs (append-only). */
@Entity({ name: 'reconciliation_reproductions' })
export class ReconciliationReproductionEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ name: 'input_hash', type: 'char', length: 64 })
  inputHash!: string;

  @Column({ name: 'output_hash', type: 'char', length: 64 })
  outputHash!: string;

  @Column({ type: 'boolean' })
  matches!: boolean;

  @Column({ name: 'reproduced_by', type: 'varchar', length: 200 })
  reproducedBy!: string;

  @CreateDateColumn({ name: 'reproduced_at', type: 'timestamptz' })
  reproducedAt!: Date;
}

/** An export of a run: who asked for which format when (append-only); the file is built on download. */
@Entity({ name: 'reconciliation_exports' })
@Check('CHK_reconciliation_exports_format', `format IN ('CSV', 'CSV_NL', 'XLSX', 'JSON')`)
export class ReconciliationExportEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  @Column({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @Column({ type: 'varchar', length: 6 })
  format!: string;

  @Column({ name: 'exported_by', type: 'varchar', length: 200 })
  exportedBy!: string;

  @CreateDateColumn({ name: 'exported_at', type: 'timestamptz' })
  exportedAt!: Date;
}
