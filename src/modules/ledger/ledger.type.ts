import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';

@ObjectType('LedgerAccount', { description: 'A ledger account, known by its readable address' })
export class LedgerAccount {
  @Field(() => String, { description: 'e.g. municipality:GM0363:advance:SPUK-WI2021:2026' })
  address!: string;

  @Field(() => String, { description: 'ASSET, LIABILITY, EXPENSE, INCOME, EQUITY or MEMO' })
  kind!: string;

  @Field(() => String, { description: 'DEBIT or CREDIT: the side the account grows with' })
  normalSide!: string;

  @Field(() => String, { nullable: true })
  municipalityCode!: string | null;

  @Field(() => String, { nullable: true })
  schemeCode!: string | null;

  @Field(() => Int, { nullable: true })
  year!: number | null;
}

@ObjectType('JournalPosting')
export class JournalPosting {
  @Field(() => Int, { description: '1-based position in its transaction' })
  line!: number;

  @Field(() => String)
  account!: string;

  @Field(() => String, { description: 'DEBIT or CREDIT' })
  direction!: string;

  @Field(() => String, { description: 'Money: always positive, 2 decimals' })
  amount!: string;
}

@ObjectType('JournalTransaction', { description: 'An immutable, balanced, hash-chained journal transaction' })
export class JournalTransaction {
  @Field(() => String)
  id!: string;

  @Field(() => String, { description: 'Position in the hash chain (bigint as a string)' })
  sequence!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String, { description: 'YYYY-MM-DD' })
  effectiveDate!: string;

  @Field(() => String, { description: 'UTC ISO-8601 moment it was recorded' })
  recordedAt!: string;

  @Field(() => String)
  actor!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String, { nullable: true })
  causeType!: string | null;

  @Field(() => String, { nullable: true })
  causeId!: string | null;

  @Field(() => String, { nullable: true, description: 'The transaction this one reverses' })
  reversesId!: string | null;

  @Field(() => String, { nullable: true, description: 'The reversal of this transaction, if any' })
  reversedById!: string | null;

  @Field(() => String)
  prevHash!: string;

  @Field(() => String)
  hash!: string;

  @Field(() => [JournalPosting], { description: "A controller sees only its own municipality's and the ministry's postings" })
  postings!: JournalPosting[];
}

export const LedgerAccountConnection = ConnectionType(LedgerAccount, 'LedgerAccount');
export const JournalTransactionConnection = ConnectionType(JournalTransaction, 'JournalTransaction');

@ObjectType('AccountBalance')
export class AccountBalance {
  @Field(() => String)
  address!: string;

  @Field(() => String, { nullable: true })
  kind!: string | null;

  @Field(() => String, { description: 'Money, signed: Σ debits − Σ credits' })
  balance!: string;

  @Field(() => String, { nullable: true })
  asOf!: string | null;

  @Field(() => String, { nullable: true })
  recordedAt!: string | null;
}

@ObjectType('StatementMovement')
export class StatementMovement {
  @Field(() => String)
  transactionId!: string;

  @Field(() => String)
  sequence!: string;

  @Field(() => String)
  effectiveDate!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String)
  reason!: string;

  @Field(() => String)
  direction!: string;

  @Field(() => String, { description: 'Money' })
  amount!: string;

  @Field(() => String, { description: 'Money: balance after this movement' })
  balanceAfter!: string;
}

@ObjectType('AccountStatement', { description: 'Opening balance, movements and closing balance of one account over a period' })
export class AccountStatement {
  @Field(() => String)
  address!: string;

  @Field(() => String)
  from!: string;

  @Field(() => String)
  to!: string;

  @Field(() => String, { description: 'Money: balance at the end of the day before `from`' })
  opening!: string;

  @Field(() => String)
  debitTotal!: string;

  @Field(() => String)
  creditTotal!: string;

  @Field(() => String, { description: 'Money: opening + debits − credits' })
  closing!: string;

  @Field(() => [StatementMovement])
  movements!: StatementMovement[];
}

@ObjectType('TrialBalanceLine')
export class TrialBalanceLine {
  @Field(() => String)
  address!: string;

  @Field(() => String)
  kind!: string;

  @Field(() => String, { description: 'Money: the balance when it is a debit balance, else 0.00' })
  debit!: string;

  @Field(() => String, { description: 'Money: the balance when it is a credit balance, else 0.00' })
  credit!: string;
}

@ObjectType('TrialBalance', { description: 'Every account with a non-zero balance; total debits equal total credits' })
export class TrialBalance {
  @Field(() => String, { nullable: true })
  asOf!: string | null;

  @Field(() => [TrialBalanceLine])
  lines!: TrialBalanceLine[];

  @Field(() => String)
  totalDebit!: string;

  @Field(() => String)
  totalCredit!: string;

  @Field(() => String, { description: 'totalDebit − totalCredit: always 0.00' })
  net!: string;
}

@ObjectType('JournalBreak')
export class JournalBreak {
  @Field(() => String)
  transactionId!: string;

  @Field(() => String)
  sequence!: string;

  @Field(() => String, {
    description:
      'SEQUENCE_GAP, PREV_HASH_MISMATCH, HASH_MISMATCH or ORPHAN_POSTING (a posting whose transaction id and sequence name no journal transaction)',
  })
  problem!: string;

  @Field(() => String)
  expected!: string;

  @Field(() => String)
  actual!: string;
}

@ObjectType('JournalVerification')
export class JournalVerificationResult {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => String, { description: 'OK or BROKEN' })
  status!: string;

  @Field(() => Int)
  count!: number;

  @Field(() => String)
  headHash!: string;

  @Field(() => JournalBreak, { nullable: true })
  brokenAt!: JournalBreak | null;

  @Field(() => String, { nullable: true, description: 'Sequence of the last intact transaction ("0" for none)' })
  headSequence?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'The first sequence this verification walked: "1" from genesis (a full verification), else the one after `fromCheckpoint`',
  })
  verifiedFrom?: string | null;

  @Field(() => JournalCheckpoint, {
    nullable: true,
    description: 'The signed checkpoint it started from (verifyJournalSinceCheckpoint); null when it walked from genesis',
  })
  fromCheckpoint?: JournalCheckpoint | null;
}

@ObjectType('JournalVerificationJob', {
  description: 'A full verification of the hash chain on the job queue: poll until COMPLETED or FAILED',
})
export class JournalVerificationJob {
  @Field(() => ID)
  id!: string;

  @Field(() => String, { description: 'CREATED, RETRY, ACTIVE, COMPLETED, CANCELLED or FAILED' })
  state!: string;

  @Field(() => JournalVerificationResult, { nullable: true, description: 'Once COMPLETED' })
  result!: JournalVerificationResult | null;

  @Field(() => String, { nullable: true, description: 'Why it FAILED' })
  error!: string | null;
}

@ObjectType('JournalCheckpoint', {
  description:
    'A signed checkpoint of the journal head (sequence, hash, time, key id; Ed25519 JWS). Keep `document`: checkJournalAgainstCheckpoint tells later whether the journal still holds it',
})
export class JournalCheckpoint {
  @Field(() => String, { description: 'Sequence of the head transaction ("0" for an empty journal)' })
  sequence!: string;

  @Field(() => String, { description: 'Hash of the head transaction' })
  hash!: string;

  @Field(() => String, { description: 'When it was signed (ISO-8601 UTC)' })
  time!: string;

  @Field(() => String)
  keyId!: string;

  @Field(() => String, {
    description: 'JWS compact serialisation (EdDSA) over the canonical JSON of format, sequence, hash, time and keyId',
  })
  signature!: string;

  @Field(() => String, { description: 'DAILY, EXPORT, RECONCILIATION or MANUAL' })
  reason!: string;

  @Field(() => String, { description: 'The verification behind it walked the chain from this sequence to `sequence`' })
  verifiedFrom!: string;

  @Field(() => String, { description: 'The checkpoint as the JSON document an auditor keeps' })
  document!: string;
}

@ObjectType('CheckpointPublicKey', { description: 'The public key that signs checkpoints, to verify them outside the engine' })
export class CheckpointPublicKey {
  @Field(() => String)
  keyId!: string;

  @Field(() => String, { description: 'The public key as a JWK (JSON text): kty OKP, crv Ed25519' })
  jwk!: string;

  @Field(() => Boolean, { description: 'True for a development key generated at start (no CHECKPOINT_SIGNING_KEY)' })
  ephemeral!: boolean;
}

@ObjectType('CheckpointCheck', { description: 'The journal checked against a kept checkpoint' })
export class CheckpointCheck {
  @Field(() => Boolean)
  ok!: boolean;

  @Field(() => Boolean)
  signatureValid!: boolean;

  @Field(() => String)
  checkpointSequence!: string;

  @Field(() => String, { description: 'The intact head of the journal now' })
  headSequence!: string;

  @Field(() => String)
  headHash!: string;

  @Field(() => [String], { description: 'What is missing, rewritten or broken, in words; empty when ok' })
  problems!: string[];
}
