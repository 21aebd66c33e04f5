import { validate, ValidationError, type ValidatorOptions } from 'class-validator';
import { getNamedType, isInputObjectType } from 'graphql';
import { ArgumentValidationError, getMetadataStorage, type ResolverData, type ValidatorFn } from 'type-graphql';

const OPTIONS: ValidatorOptions = {
  // type-graphql's own defaults: null and undefined ("not given") are left to the service's default.
  skipMissingProperties: true,
  forbidUnknownValues: false,
  validationError: { target: false, value: false },
};

const isObject = (value: unknown): value is object => value !== null && typeof value === 'object';

/** The name of the argument of the current field whose input type is `argType`, e.g. `input`. */
function argumentName(argType: unknown, { info }: ResolverData): string | undefined {
  const typeName = getMetadataStorage().inputTypes.find((t) => t.target === argType)?.name;
  if (typeName === undefined) {
    // An @ArgsType class: its fields are the arguments themselves.
    return undefined;
  }
  const field = info.parentType.getFields()[info.fieldName];
  const matches = (field?.args ?? []).filter((a) => {
    const named = getNamedType(a.type);
    return isInputObjectType(named) && named.name === typeName;
  });
  return matches.length === 1 ? matches[0]?.name : undefined;
}

/**
 * Class-validator on every argument, as type-graphql does it, except that the errors are rooted at
 * the argument's name: `input.dueUpTo`, like the services' own `badInput('input.dueUpTo', …)`, so a
 * client maps every error of one field to one place whichever layer refused it.
 */
export const validateArgs: ValidatorFn = async (argValue: unknown, argType, resolverData) => {
  if (!isObject(argValue)) {
    return;
  }
  const items = Array.isArray(argValue) ? argValue.filter(isObject) : [argValue];
  const errors = (await Promise.all(items.map((item) => validate(item, OPTIONS)))).flat();
  if (errors.length === 0) {
    return;
  }
  const name = argumentName(argType, resolverData);
  if (name === undefined) {
    throw new ArgumentValidationError(errors);
  }
  const root = new ValidationError();
  root.property = name;
  root.children = errors;
  throw new ArgumentValidationError([root]);
};
