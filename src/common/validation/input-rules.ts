import Decimal from 'decimal.js';
import { Max, Min, registerDecorator, type ValidationArguments, type ValidationOptions } from 'class-validator';
import { calendarDateProblem } from '../dates';
import { MUNICIPALITY_CODE } from '../auth/actor';

/**
 * The shared class-validator rules of the API's input types (issue 20 item 5): every date,
 * municipality code, scheme code, year and bounded decimal of every input is checked by the same
 * rule with the same message, by type-graphql before the resolver runs, so nothing is done with a
 * malformed value and the error names the field. `test/e2e/input-rules.e2e-spec.ts` walks the
 * schema and fails on an input field that should carry one of these and does not.
 *
 * type-graphql validates with `skipMissingProperties`: null and undefined ("not given") pass to
 * the service's default; every other value, the empty string included, is checked.
 */

/** Scheme codes as `createScheme` defines them: capitals, digits and dashes, 2 to 39. */
export const SCHEME_CODE = /^[A-Z0-9][A-Z0-9-]{1,38}$/;
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2100;

function rule(
  name: string,
  test: (value: unknown) => boolean,
  message: (args: ValidationArguments) => string,
  options: ValidationOptions = {},
): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    registerDecorator({
      name,
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message, ...options },
      validator: { validate: (value: unknown) => test(value) },
    });
  };
}

/** A calendar date `YYYY-MM-DD` from 1900-01-01 to 2999-12-31 (`calendarDateProblem`). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isCalendarDate',
    (value) => calendarDateProblem(value) === null,
    (args) => calendarDateProblem(args.value) ?? 'not a calendar date',
    options,
  );
}

/** A CBS municipality code: GM and 4 digits (`{ each: true }` for lists). */
export function IsMunicipalityCode(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isMunicipalityCode',
    (value) => typeof value === 'string' && MUNICIPALITY_CODE.test(value),
    (args) => `expected a municipality code, GM and 4 digits such as "GM0363"; got ${JSON.stringify(args.value)}`,
    options,
  );
}

/** A scheme code: capitals, digits and dashes, 2 to 39 characters, such as "SPUK-WI2021". */
export function IsSchemeCode(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isSchemeCode',
    (value) => typeof value === 'string' && SCHEME_CODE.test(value),
    (args) =>
      `expected a scheme code of 2 to 39 capitals, digits and dashes such as "SPUK-WI2021"; got ${JSON.stringify(String(args.value).slice(0, 60))}`,
    options,
  );
}

/** A scheme-year (budget year): 2000 to 2100. */
export function IsSchemeYear(): PropertyDecorator {
  return (target: object, propertyName: string | symbol) => {
    const message = `expected a year from ${FIRST_YEAR} to ${LAST_YEAR}`;
    Min(FIRST_YEAR, { message })(target, propertyName);
    Max(LAST_YEAR, { message })(target, propertyName);
  };
}

/** A Decimal (from a Decimal, Money or CountValue scalar) of at least zero. */
export function IsNonNegativeDecimal(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isNonNegativeDecimal',
    (value) => value instanceof Decimal && value.gte(0),
    (args) => `expected a value of 0 or more; got ${args.value instanceof Decimal ? args.value.toFixed() : String(args.value)}`,
    options,
  );
}

/** A Decimal fraction from 0 to 1 inclusive ("0.02" is 2%). */
export function IsFraction(options?: ValidationOptions): PropertyDecorator {
  return rule(
    'isFraction',
    (value) => value instanceof Decimal && value.gte(0) && value.lte(1),
    (args) =>
      `expected a fraction from "0" to "1" such as "0.02" for 2%; got ${args.value instanceof Decimal ? args.value.toFixed() : String(args.value)}`,
    options,
  );
}
