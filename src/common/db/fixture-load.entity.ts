import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only: one row each time the full fixtures (reference data and scenarios) were loaded into
 * this database, with the fixture key of the code that loaded them (decision 1200). A start whose
 * key is already here loads nothing; a new key (changed code or fixture data) loads again, which
 * adds only what is missing, since every fixture step is idempotent.
 */
@Entity({ name: 'fixture_loads' })
export class FixtureLoadEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** `fixtureCodeKey()`: SHA-256 of the code, migrations and fixture data that made the rows. */
  @Index('IDX_fixture_loads_code_key')
  @Column({ name: 'code_key', type: 'varchar', length: 64 })
  codeKey!: string;

  @CreateDateColumn({ name: 'loaded_at', type: 'timestamptz' })
  loadedAt!: Date;

  @Column({ name: 'duration_ms', type: 'integer' })
  durationMs!: number;

  /** What the load reported (municipalities, runs, people, tranches...). */
  @Column({ type: 'jsonb' })
  summary!: Record<string, unknown>;
}
