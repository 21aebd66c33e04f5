import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../../context';
import { Role } from '../../common/auth/actor';
import { PageArgs } from '../../common/graphql/connection';
import {
  AccountBalance,
  AccountStatement,
  CheckpointCheck,
  CheckpointPublicKey,
  JournalCheckpoint,
  JournalTransaction,
  JournalTransactionConnection,
  JournalVerificationJob,
  JournalVerificationResult,
  LedgerAccountConnection,
  TrialBalance,
} from './ledger.type';
import { JournalTransactionFilter, LedgerAccountFilter, ManualCorrectionInput, ReverseTransactionInput } from './ledger.inputs';
import * as queries from './ledger.queries';
import * as reports from './ledger.reports';
import * as commands from './ledger.commands';
import * as jobs from './ledger.jobs';
import * as checkpoints from './checkpoint.service';

@Authorized()
@Resolver(() => JournalTransaction)
export class LedgerResolver {
  @Authorized()
  @Query(() => LedgerAccountConnection, { description: "Ledger accounts by address; a controller sees only its municipality's" })
  ledgerAccounts(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => LedgerAccountFilter, { nullable: true }) filter?: LedgerAccountFilter,
  ) {
    return queries.listLedgerAccounts(ctx, filter, page.first, page.after);
  }

  @Authorized()
  @Query(() => JournalTransactionConnection, {
    description: 'Journal transactions in chain order; a controller sees those touching its municipality',
  })
  journalTransactions(
    @Ctx() ctx: RequestContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => JournalTransactionFilter, { nullable: true }) filter?: JournalTransactionFilter,
  ) {
    return queries.listJournalTransactions(ctx, filter, page.first, page.after);
  }

  @Authorized()
  @Query(() => AccountBalance, { description: 'Balance (Σ debits − Σ credits) as of an effective date and/or as recorded at a moment' })
  accountBalance(
    @Ctx() ctx: RequestContext,
    @Arg('address', () => String) address: string,
    @Arg('asOf', () => String, { nullable: true }) asOf?: string,
    @Arg('recordedAt', () => String, { nullable: true }) recordedAt?: string,
  ): Promise<AccountBalance> {
    return reports.accountBalance(ctx, address, asOf, recordedAt);
  }

  @Authorized()
  @Query(() => [AccountBalance], { description: 'Balances of every account of a municipality' })
  municipalityBalances(
    @Ctx() ctx: RequestContext,
    @Arg('code', () => String) code: string,
    @Arg('asOf', () => String, { nullable: true }) asOf?: string,
    @Arg('recordedAt', () => String, { nullable: true }) recordedAt?: string,
  ): Promise<AccountBalance[]> {
    return reports.municipalityBalances(ctx, code, asOf, recordedAt);
  }

  @Authorized()
  @Query(() => [AccountStatement], { description: 'Opening balance, movements and closing balance per account for a period' })
  accountStatement(
    @Ctx() ctx: RequestContext,
    @Arg('from', () => String) from: string,
    @Arg('to', () => String) to: string,
    @Arg('address', () => String, { nullable: true }) address?: string,
    @Arg('municipalityCode', () => String, { nullable: true }) municipalityCode?: string,
  ): Promise<AccountStatement[]> {
    return reports.accountStatements(ctx, { address, municipalityCode, from, to });
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => TrialBalance, { description: 'Every non-zero balance; total debits equal total credits' })
  trialBalance(@Ctx() ctx: RequestContext, @Arg('asOf', () => String, { nullable: true }) asOf?: string): Promise<TrialBalance> {
    return reports.trialBalance(ctx, asOf);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => JournalVerificationResult, { description: 'Walks the hash chain; OK with count and head hash, or the first broken link' })
  verifyJournal(@Ctx() ctx: RequestContext): Promise<JournalVerificationResult> {
    return reports.verifyJournalForActor(ctx);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => JournalVerificationResult, {
    description:
      'Walks the hash chain from the last signed checkpoint to the head (checkpoint signature and hash checked first): what was appended since it. verifyJournal walks it all',
  })
  verifyJournalSinceCheckpoint(@Ctx() ctx: RequestContext): Promise<JournalVerificationResult> {
    return reports.verifyJournalSinceCheckpointForActor(ctx);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Mutation(() => JournalVerificationJob, {
    description: 'Queues a full verification of the hash chain (at most one waits); poll journalVerification(id) for its result',
  })
  startJournalVerification(@Ctx() ctx: RequestContext): Promise<JournalVerificationJob> {
    return jobs.startJournalVerification(ctx);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => JournalVerificationJob, { description: 'A queued verification of the hash chain: its state, and its result once COMPLETED' })
  journalVerification(@Ctx() ctx: RequestContext, @Arg('id', () => ID) id: string): Promise<JournalVerificationJob> {
    return jobs.journalVerification(ctx, id);
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => [JournalCheckpoint], { description: 'Signed checkpoints of the journal head, newest first' })
  async journalCheckpoints(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { nullable: true, description: '1-500, default 50' }) first?: number | null,
  ): Promise<JournalCheckpoint[]> {
    const rows = await checkpoints.listCheckpoints(ctx, first ?? 50);
    return rows.map(({ reason, verifiedFrom, ...doc }) => ({ ...doc, reason, verifiedFrom, document: JSON.stringify(doc) }));
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => CheckpointPublicKey, { description: 'The public key (JWK) that signs new checkpoints' })
  async checkpointPublicKey(@Ctx() ctx: RequestContext): Promise<CheckpointPublicKey> {
    const k = await checkpoints.checkpointPublicKey(ctx);
    return { keyId: k.keyId, jwk: JSON.stringify(k.jwk), ephemeral: k.ephemeral };
  }

  @Authorized(Role.FINANCE_OFFICER, Role.AUDITOR)
  @Query(() => CheckpointCheck, {
    description:
      'Checks the whole journal against a checkpoint you kept (its JSON document): signature, missing transactions, rewritten hashes',
  })
  checkJournalAgainstCheckpoint(
    @Ctx() ctx: RequestContext,
    @Arg('checkpoint', () => String, { description: 'The checkpoint JSON document' }) checkpoint: string,
  ): Promise<CheckpointCheck> {
    return checkpoints.checkJournalAgainstCheckpoint(ctx, checkpoint);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => JournalTransaction, { description: 'Books a manual correction (MANUAL_CORRECTION) with a mandatory reason' })
  postManualCorrection(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ManualCorrectionInput) input: ManualCorrectionInput,
  ): Promise<JournalTransaction> {
    return commands.postManualCorrection(ctx, input);
  }

  @Authorized(Role.FINANCE_OFFICER)
  @Mutation(() => JournalTransaction, { description: 'Reverses a transaction once (REVERSAL mirroring it), with a mandatory reason' })
  reverseTransaction(
    @Ctx() ctx: RequestContext,
    @Arg('input', () => ReverseTransactionInput) input: ReverseTransactionInput,
  ): Promise<JournalTransaction> {
    return commands.reverseTransactionByOfficer(ctx, input);
  }
}
