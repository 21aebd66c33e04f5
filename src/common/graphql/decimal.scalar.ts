import Decimal from 'decimal.js';
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { Money, money } from '../money/money';

const CANONICAL = /^-?\d{1,20}(\.\d+)?$/;

function makeDecimalScalar(name: string, maxScale: number, description: string): GraphQLScalarType<Decimal, string> {
  const parse = (value: unknown): Decimal => {
    if (typeof value !== 'string') {
      throw new GraphQLError(
        `${name} must be a decimal written as a string (e.g. "1234.50"), not a ${value === null ? 'null' : typeof value}`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    }
    if (!CANONICAL.test(value)) {
      throw new GraphQLError(
        `${name} "${value}" is not a plain decimal: use digits with an optional "." and no exponent, comma, sign "+" or spaces`,
        { extensions: { code: 'BAD_USER_INPUT' } },
      );
    }
    const dot = value.indexOf('.');
    const decimals = dot < 0 ? 0 : value.length - dot - 1;
    if (decimals > maxScale) {
      throw new GraphQLError(`${name} "${value}" has ${decimals} decimals; at most ${maxScale} are allowed`, {
        extensions: { code: 'BAD_USER_INPUT' },
      });
    }
    return money(value);
  };
  return new GraphQLScalarType<Decimal, string>({
    name,
    description,
    serialize(value: unknown): string {
      if (value instanceof Decimal) {
        return value.toFixed();
      }
      if (typeof value === 'string' && CANONICAL.test(value)) {
        return value;
      }
      throw new GraphQLError(`${name} cannot serialise ${String(value)}`);
    },
    parseValue: parse,
    parseLiteral(ast): Decimal {
      if (ast.kind !== Kind.STRING) {
        // A JSON number loses precision before we see it: refuse it outright.
        throw new GraphQLError(`${name} must be a string literal such as "1234.50"`, {
          extensions: { code: 'BAD_USER_INPUT' },
        });
      }
      return parse(ast.value);
    },
  });
}

/** An amount of money in euros: a string with at most 2 decimals. Output has exactly the scheme's unit scale. */
export const MoneyScalar = makeDecimalScalar('Money', 2, 'Amount in EUR as a decimal string, at most 2 decimals ("1234.50").');
/** A decimal with up to 12 decimals: rates, shares, ratios. */
export const DecimalScalar = makeDecimalScalar('Decimal', 12, 'Exact decimal as a string (no exponent), at most 12 decimals on input.');
/** A (possibly fractional) count of persons: up to 6 decimals. */
export const CountScalar = makeDecimalScalar('CountValue', 6, 'Count of persons or person-years as a decimal string, at most 6 decimals.');

export { Money };
