import { Field, ID, Int, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../common/graphql/connection';
import { BudgetMode, Category, CountBasis, RouteCode } from '../schemes';

@ObjectType('AllocationCategory', { description: 'A category (and route, where the scheme uses routes) a rule counts' })
export class AllocationCategory {
  @Field(() => Category)
  category!: Category;

  @Field(() => RouteCode, { nullable: true })
  route!: RouteCode | null;
}

@ObjectType('AllocationRule', { description: 'One immutable version of a distribution key (verdeelsleutel)' })
export class AllocationRule {
  @Field(() => ID, { description: 'The rule version id used by runs' })
  id!: string;

  @Field(() => String)
  ruleKey!: string;

  @Field(() => Int)
  version!: number;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => CountBasis)
  basis!: CountBasis;

  @Field(() => String, { nullable: true, description: 'Attribution rule of the REGISTERED counts used (AttributionRule values)' })
  attributionRule!: string | null;

  @Field(() => String, { nullable: true, description: 'Rates as of this date; null = 1 January of the run year' })
  referenceDate!: string | null;

  @Field(() => [AllocationCategory])
  categories!: AllocationCategory[];

  @Field(() => Boolean)
  useBaseAmounts!: boolean;

  @Field(() => String)
  description!: string;

  @Field(() => Boolean, { description: 'True once a run used this version' })
  used!: boolean;

  @Field(() => Date)
  createdAt!: Date;
}

// Plain properties without auth or middleware: read directly, not through type-graphql's per-field
// middleware chain (one promise per field, 2,052 of them on a 342-line page).
@ObjectType('AllocationLine', { description: "One municipality's result in a run", simpleResolvers: true })
export class AllocationLine {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { description: 'Beschikkingsnummer: {scheme}-{year}-{stage letter}{seq}-{municipality}' })
  decisionNumber!: string;

  @Field(() => String, { description: 'Vaste voet used (exact)' })
  baseAmount!: string;

  @Field(() => String, { description: 'base + Σ rate × count, exact' })
  weight!: string;

  @Field(() => String, { description: 'Exact share at full precision (CLOSED: B × w / Σw; OPEN_ENDED: w)' })
  exactShare!: string;

  @Field(() => String, { description: 'E_i at the scheme unit' })
  amount!: string;

  @Field(() => String, { description: 'amount − exact share' })
  adjustment!: string;
}

export const AllocationLineConnection = ConnectionType(AllocationLine, 'AllocationLine');

@ObjectType('AllocationRun', { description: 'An immutable allocation run of a scheme-year' })
export class AllocationRun {
  @Field(() => ID)
  id!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => Int, { description: 'Sequence within the scheme-year' })
  seq!: number;

  @Field(() => String, { description: 'PROVISIONAL, INTERIM, DEFINITIVE or CORRECTION' })
  stage!: string;

  @Field(() => String, { description: 'CURRENT or REPLACED' })
  status!: string;

  @Field(() => String)
  ruleVersionId!: string;

  @Field(() => BudgetMode)
  budgetMode!: BudgetMode;

  @Field(() => String)
  budget!: string;

  @Field(() => Int)
  unitScale!: number;

  @Field(() => String)
  referenceDate!: string;

  @Field(() => String)
  totalWeight!: string;

  @Field(() => String, { description: 'Σ amounts (= budget for CLOSED)' })
  totalAmount!: string;

  @Field(() => String, { nullable: true, description: 'OPEN_ENDED: Σ amounts − budget line (the overrun view); null for CLOSED' })
  overrun!: string | null;

  @Field(() => String)
  inputHash!: string;

  @Field(() => String)
  outputHash!: string;

  @Field(() => Int)
  municipalityCount!: number;

  @Field(() => Int, { description: 'Count rows recorded under codes that do not exist in the year (not counted)' })
  unattributedCountRows!: number;

  @Field(() => String, { nullable: true })
  replacesRunId!: string | null;

  @Field(() => String, { nullable: true, description: 'Ledger transaction booking this run; null when unbooked' })
  bookingTransactionId!: string | null;

  @Field(() => String, { nullable: true, description: "Ledger transaction that reversed this run's booking when it was replaced" })
  reversalTransactionId!: string | null;

  @Field(() => String)
  createdBy!: string;

  @Field(() => Date)
  createdAt!: Date;
}

@ObjectType('AllocationRunOutcome')
export class AllocationRunOutcome {
  @Field(() => AllocationRun)
  run!: AllocationRun;

  @Field(() => [AllocationLine], { description: 'All lines (also for a dry run, whose run is not stored)' })
  lines!: AllocationLine[];

  @Field(() => Boolean, { description: 'True when the idempotency key returned an earlier run' })
  replayed!: boolean;

  @Field(() => Boolean)
  dryRun!: boolean;

  @Field(() => Boolean, { description: 'True when the run is booked in the ledger (false for a dry run or when every amount is zero)' })
  booked!: boolean;
}

@ObjectType('ExplanationTerm')
export class ExplanationTerm {
  @Field(() => Category)
  category!: Category;

  @Field(() => RouteCode, { nullable: true })
  route!: RouteCode | null;

  @Field(() => String)
  count!: string;

  @Field(() => String)
  rate!: string;

  @Field(() => String)
  rateId!: string;

  @Field(() => String)
  rateValidFrom!: string;

  @Field(() => String, { description: 'count × rate, exact' })
  product!: string;

  @Field(() => [String], { description: 'Ids of the count rows summed into this count (see the counts query)' })
  countIds!: string[];
}

@ObjectType('AllocationExplanation', { description: 'The calculation of one municipality in one run, line by line' })
export class AllocationExplanation {
  @Field(() => String)
  runId!: string;

  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String)
  decisionNumber!: string;

  @Field(() => String)
  schemeCode!: string;

  @Field(() => Int)
  year!: number;

  @Field(() => String)
  stage!: string;

  @Field(() => BudgetMode)
  budgetMode!: BudgetMode;

  @Field(() => String)
  budget!: string;

  @Field(() => [ExplanationTerm])
  terms!: ExplanationTerm[];

  @Field(() => String)
  baseAmount!: string;

  @Field(() => String)
  weight!: string;

  @Field(() => String)
  totalWeight!: string;

  @Field(() => String)
  exactShare!: string;

  @Field(() => String)
  adjustment!: string;

  @Field(() => String)
  amount!: string;

  @Field(() => [String], { description: 'The calculation as readable lines' })
  steps!: string[];
}

@ObjectType('AllocationComparisonLine')
export class AllocationComparisonLine {
  @Field(() => String)
  municipalityCode!: string;

  @Field(() => String, { nullable: true, description: 'Null when the municipality is not in run A' })
  amountA!: string | null;

  @Field(() => String, { nullable: true })
  amountB!: string | null;

  @Field(() => String, { description: 'B − A in euros (a missing side counts as zero)' })
  difference!: string;

  @Field(() => String, { nullable: true, description: '(B − A) / A × 100, 2 decimals half away from zero; null when A is zero' })
  percent!: string | null;
}

@ObjectType('AllocationComparison')
export class AllocationComparison {
  @Field(() => String)
  runA!: string;

  @Field(() => String)
  runB!: string;

  @Field(() => String)
  totalA!: string;

  @Field(() => String)
  totalB!: string;

  @Field(() => String)
  totalDifference!: string;

  @Field(() => String, { nullable: true })
  totalPercent!: string | null;

  @Field(() => [AllocationComparisonLine])
  lines!: AllocationComparisonLine[];
}
