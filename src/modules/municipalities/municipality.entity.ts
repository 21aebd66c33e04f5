import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn } from 'typeorm';

@Entity({ name: 'municipalities' })
@Check('CHK_municipality_code', `"code" ~ '^GM[0-9]{4}$'`)
@Check('CHK_municipality_validity', `"valid_until" IS NULL OR "valid_from" IS NULL OR "valid_until" >= "valid_from"`)
export class MunicipalityEntity {
  @PrimaryColumn({ type: 'varchar', length: 6 })
  code!: string;

  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ name: 'province_code', type: 'varchar', length: 4 })
  provinceCode!: string;

  @Column({ type: 'varchar', length: 100 })
  province!: string;

  @Column({ type: 'integer' })
  population!: number;

  @Column({ name: 'area_km2', type: 'numeric', precision: 10, scale: 2 })
  areaKm2!: string;

  @Column({ type: 'text', array: true, default: () => `'{}'` })
  neighbours!: string[];

  /** First day the municipality exists; null = before any date we model. */
  @Column({ name: 'valid_from', type: 'date', nullable: true })
  validFrom!: string | null;

  /** Last day it exists (the day before its merger takes effect); null = still exists. */
  @Column({ name: 'valid_until', type: 'date', nullable: true })
  validUntil!: string | null;
}

/** Herindeling: on `effectiveDate` (a 1 January) `dissolvedCode` ends and `successorCode` takes over. */
@Entity({ name: 'municipality_mergers' })
@Check('CHK_merger_not_self', `"dissolved_code" <> "successor_code"`)
export class MunicipalityMergerEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('UQ_merger_dissolved', { unique: true })
  @Column({ name: 'dissolved_code', type: 'varchar', length: 6 })
  dissolvedCode!: string;

  @Index('IDX_merger_successor')
  @Column({ name: 'successor_code', type: 'varchar', length: 6 })
  successorCode!: string;

  @ManyToOne(() => MunicipalityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'dissolved_code', foreignKeyConstraintName: 'FK_merger_dissolved' })
  dissolved?: MunicipalityEntity;

  @ManyToOne(() => MunicipalityEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'successor_code', foreignKeyConstraintName: 'FK_merger_successor' })
  successor?: MunicipalityEntity;

  @Column({ name: 'effective_date', type: 'date' })
  effectiveDate!: string;

  @Column({ name: 'recorded_by', type: 'varchar', length: 200 })
  recordedBy!: string;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
