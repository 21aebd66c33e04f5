import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * A signed checkpoint of the journal head (issue 20 item 8) that is also a verified checkpoint
 * (issue 19 item 4): the chain was verified intact from `verified_from` to `sequence` (from the
 * previous checkpoint, or from genesis when `verified_from` is 1), and `hash` is the hash of the
 * transaction at `sequence`. Append-only (a trigger refuses UPDATE and DELETE). See
 * docs/journal-hash.md, "Checkpoints".
 */
@Entity({ name: 'journal_checkpoints' })
export class JournalCheckpointEntity {
  @PrimaryColumn({ type: 'uuid' })
  id!: string;

  /** Sequence of the head transaction ('0' for an empty journal). */
  @Index('IDX_journal_checkpoints_sequence')
  @Column({ type: 'bigint' })
  sequence!: string;

  @Column({ type: 'char', length: 64 })
  hash!: string;

  /** The first sequence this checkpoint's verification walked (sequence + 1 when nothing was new). */
  @Column({ name: 'verified_from', type: 'bigint' })
  verifiedFrom!: string;

  /** DAILY, EXPORT, RECONCILIATION or MANUAL. */
  @Column({ type: 'varchar', length: 20 })
  reason!: string;

  /** What it was published for, e.g. the reconciliation runs whose verification it records. */
  @Column({ type: 'varchar', length: 500, nullable: true })
  cause!: string | null;

  @Index('IDX_journal_checkpoints_created_at')
  @Column({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @Column({ name: 'key_id', type: 'varchar', length: 100 })
  keyId!: string;

  /** The signer's public key as JWK JSON, so a checkpoint stays verifiable after a key change. */
  @Column({ name: 'public_key', type: 'text' })
  publicKey!: string;

  /** JWS compact serialisation (EdDSA) over the canonical checkpoint payload. */
  @Column({ type: 'text' })
  signature!: string;
}
