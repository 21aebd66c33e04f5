import { Check, Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * Responsibility periods as stored (decision 1740): exactly the rows `periodsSql` derives from the
 * APPLIED events, one per period, kept up to date in the import's transaction for the people whose
 * events applied (`refreshPersonPeriods`). Derived, not a record: rows of a person are replaced
 * whenever one of their events applies. Attribution reads these instead of three window passes.
 */
@Entity({ name: 'person_periods' })
@Index('IDX_person_periods_person', ['personId'])
@Index('IDX_person_periods_code_end', ['code', 'endDate'])
export class PersonPeriodEntity {
  /** The event that starts the period (one period per event at most). */
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  /** The person's obligation, counted from 1 in history order. */
  @Column({ name: 'obligation_no', type: 'integer' })
  obligationNo!: number;

  /** The municipality responsible as recorded (mergers are applied when attributing). */
  @Column({ type: 'varchar', length: 6 })
  code!: string;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  /** Last day of the period, null while open. */
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  /** The obligation's first event date and its category and route (null only for a history without OBLIGATION_STARTED, which the import refuses). */
  @Column({ name: 'obligation_start', type: 'date', nullable: true })
  obligationStart!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  category!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;

  /** The municipality first responsible for at least one day of the obligation, and from when. */
  @Column({ name: 'first_code', type: 'varchar', length: 6 })
  firstCode!: string;

  @Column({ name: 'first_start', type: 'date' })
  firstStart!: string;

  /** The obligation's earliest period that lasts through the 31 December of its own start year (PEILDATUM). */
  @Column({ name: 'peil_first', type: 'boolean' })
  peilFirst!: boolean;
}

/** Up to which applied event the stored periods are current (one row, id 1). */
@Entity({ name: 'person_periods_state' })
@Check('CHK_person_periods_state_one_row', `"id" = 1`)
export class PersonPeriodsStateEntity {
  @PrimaryColumn({ type: 'smallint' })
  id!: number;

  /** max(applied_seq) of person_events when the periods were last brought up to date. */
  @Column({ name: 'applied_watermark', type: 'bigint' })
  appliedWatermark!: string;

  /** count of APPLIED person events at that moment. */
  @Column({ name: 'applied_count', type: 'bigint' })
  appliedCount!: string;
}

/**
 * The stretches an obligation spends without a municipality (in reception), as stored (decision
 * 1830): exactly the segments `segmentsSql` derives from the APPLIED events that hold no
 * municipality (not the OBLIGATION_ENDED ones), kept with `person_periods` by the same refresh and
 * current for the same event state (`person_periods_state`). The reception view reads these
 * instead of deriving every person's segments per request.
 */
@Entity({ name: 'person_reception_periods' })
@Index('IDX_person_reception_periods_person', ['personId'])
@Index('IDX_person_reception_periods_end', ['endDate'])
export class PersonReceptionPeriodEntity {
  /** The event that starts the stretch (one at most per event). */
  @PrimaryColumn({ name: 'event_id', type: 'varchar', length: 100 })
  eventId!: string;

  @Column({ name: 'person_id', type: 'varchar', length: 64 })
  personId!: string;

  @Column({ name: 'obligation_no', type: 'integer' })
  obligationNo!: number;

  @Column({ name: 'start_date', type: 'date' })
  startDate!: string;

  /** Last day in reception, null while open (may be the day before start_date: a same-day chain). */
  @Column({ name: 'end_date', type: 'date', nullable: true })
  endDate!: string | null;

  @Column({ name: 'obligation_start', type: 'date', nullable: true })
  obligationStart!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  category!: string | null;

  @Column({ type: 'varchar', length: 20, nullable: true })
  route!: string | null;
}
