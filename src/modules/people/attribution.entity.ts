import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

/** One attribution of a year under one rule, frozen with the event state it came from. */
@Entity({ name: 'attribution_runs' })
@Check('CHK_attribution_rule', `"rule" IN ('PEILDATUM','PRO_RATA_DAYS','FIRST_OF_MONTH','FIRST_MUNICIPALITY','EDUCATION_ROUTE')`)
@Index('IDX_attribution_runs_year_rule', ['year', 'rule'])
export class AttributionRunEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'integer' })
  year!: number;

  @Column({ type: 'varchar', length: 30 })
  rule!: string;

  /** Highest applied_seq included: the event state is "every event with applied_seq <= this". */
  @Column({ name: 'event_watermark', type: 'bigint' })
  eventWatermark!: string;

  @Column({ name: 'applied_event_count', type: 'integer' })
  appliedEventCount!: number;

  /** SHA-256 over the watermark, the applied count and the mergers in force (docs/people.md). */
  @Column({ name: 'state_hash', type: 'char', length: 64 })
  stateHash!: string;

  /** SHA-256 over the result rows in canonical order. */
  @Column({ name: 'result_hash', type: 'char', length: 64 })
  resultHash!: string;

  @Column({ type: 'integer' })
  divisor!: number;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  @Column({ name: 'run_by', type: 'varchar', length: 200 })
  runBy!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}

/** Per municipality, category and route: integer units and the count rounded once to 6 decimals. */
@Entity({ name: 'attribution_results' })
@Check('CHK_attribution_units', `"units" > 0`)
export class AttributionResultEntity {
  @PrimaryColumn({ name: 'run_id', type: 'uuid' })
  runId!: string;

  @ManyToOne(() => AttributionRunEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'run_id', foreignKeyConstraintName: 'FK_attribution_results_run' })
  run?: AttributionRunEntity;

  @PrimaryColumn({ name: 'municipality_code', type: 'varchar', length: 6 })
  municipalityCode!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  category!: string;

  /** '' = no route (a primary key column cannot be null); exposed as null. */
  @PrimaryColumn({ type: 'varchar', length: 20 })
  route!: string;

  @Column({ type: 'bigint' })
  units!: string;

  @Column({ type: 'numeric', precision: 18, scale: 6 })
  value!: string;
}

/**
 * The current event state in one row (decision 1750): the highest applied_seq and the number of
 * APPLIED events, as the state hash of a run counts them, kept by statement triggers on
 * person_events (migration PersonEventState), so reading it costs one row instead of a count.
 */
@Entity({ name: 'person_event_state' })
@Check('CHK_person_event_state_one_row', `"id" = 1`)
export class PersonEventStateEntity {
  @PrimaryColumn({ type: 'smallint', primaryKeyConstraintName: 'PK_person_event_state' })
  id!: number;

  @Column({ name: 'max_applied_seq', type: 'bigint' })
  maxAppliedSeq!: string;

  @Column({ name: 'applied_count', type: 'bigint' })
  appliedCount!: string;

  /** Statements that wrote person events (a change counter). */
  @Column({ type: 'bigint' })
  changes!: string;

  @Column({ name: 'changed_at', type: 'timestamptz', default: () => 'now()' })
  changedAt!: Date;
}
