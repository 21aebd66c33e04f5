import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { Money, money } from '../money/money';
import {
  COUNT_FORMAT,
  DECIMAL_FORMAT,
  MONEY_FORMAT,
  decimalProblem,
  describeDecimalFormat,
  type DecimalFormat,
} from '../money/decimal-format';

/** What the server writes: any plain decimal (output sums may be larger than an input may be). */
const CANONICAL = /^-?\d+(\.\d+)?$/;

/**
 * A decimal scalar that reads and writes strings only. Input keeps the strict format of `format`
 * (decision 0004); a refusal names the expected format with an example, and graphql-js (variables)
 * or the error-enrichment plugin (literals) names the field.
 */
function makeDecimalScalar(name: string, format: DecimalFormat, description: string): GraphQLScalarType<Decimal, string> {
  // A literal's error carries its node, so that its location (and the field there) is named.
  const parse = (value: unknown, node?: ValueNode): Decimal => {
    const problem = decimalProblem(value, format);
    if (problem !== null) {
      throw new GraphQLError(`${name}: ${problem}`, { nodes: node, extensions: { code: 'BAD_USER_INPUT' } });
    }
    return money(value as string);
  };
  return new GraphQLScalarType<Decimal, string>({
    name,
    description: `${description} Input: ${describeDecimalFormat(format)}; no exponent, comma, "+" or spaces.`,
    serialize(value: unknown): string {
      if (value instanceof Decimal) {
        return value.toFixed();
      }
      if (typeof value === 'string' && CANONICAL.test(value)) {
        return value;
      }
      throw new GraphQLError(`${name} cannot serialise ${String(value)}`);
    },
    parseValue: (value) => parse(value),
    parseLiteral(ast): Decimal {
      if (ast.kind !== Kind.STRING) {
        // A JSON number loses precision before we see it: refuse it outright.
        throw new GraphQLError(`${name}: expected ${describeDecimalFormat(format)} in quotes, not a number literal`, {
          nodes: ast,
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return parse(ast.value, ast);
    },
  });
}

/** An amount of money in euros: a string with at most 2 decimals. Output has exactly the scheme's unit scale. */
export const MoneyScalar = makeDecimalScalar('Money', MONEY_FORMAT, 'Amount in EUR as a decimal string.');
/** A decimal with up to 12 decimals: rates, shares, ratios. */
export const DecimalScalar = makeDecimalScalar('Decimal', DECIMAL_FORMAT, 'Exact decimal as a string: rates, shares, weights, ratios.');
/** A (possibly fractional) count of persons: up to 6 decimals. */
export const CountScalar = makeDecimalScalar('CountValue', COUNT_FORMAT, 'Count of persons or person-years as a decimal string.');

export { Money };
