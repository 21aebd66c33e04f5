import 'reflect-metadata';
import { GraphQLObjectType, GraphQLSchema, GraphQLString, graphql, GraphQLNonNull, GraphQLInputObjectType } from 'graphql';
import { MoneyScalar } from './decimal.scalar';

const Input = new GraphQLInputObjectType({ name: 'In', fields: { budget: { type: new GraphQLNonNull(MoneyScalar) } } });
const schema = new GraphQLSchema({
  query: new GraphQLObjectType({
    name: 'Query',
    fields: {
      echo: {
        type: GraphQLString,
        args: { input: { type: new GraphQLNonNull(Input) } },
        resolve: (_s, args: { input: { budget: { toFixed(n: number): string } } }) => args.input.budget.toFixed(2),
      },
      out: { type: MoneyScalar, resolve: () => '12.30' },
    },
  }),
});

describe('Money scalar', () => {
  it.each(['1234.50', '0', '0.01', '-5.00', '9999999999999999.99'])('accepts %s', async (value) => {
    const r = await graphql({ schema, source: 'query($i: In!) { echo(input: $i) }', variableValues: { i: { budget: value } } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.echo).toBe(value.includes('.') ? value : `${value}.00`);
  });

  it.each([
    ['1e3', /Money: "1e3" is not a decimal string with at most 2 decimals, such as "1234\.50": write digits/],
    ['NaN', /"NaN" is not a decimal string/],
    ['Infinity', /"Infinity" is not a decimal string/],
    ['12,50', /"12,50" is not a decimal string with at most 2 decimals, such as "1234\.50"/],
    ['1.234,50', /without thousands separators/],
    ['0.001', /"0\.001" has 3 decimals: expected a decimal string with at most 2 decimals, such as "1234\.50"/],
    [' 1.00', /is not a decimal string/],
    ['+1', /is not a decimal string/],
    ['12345678901234567', /17 digits before the decimal point, at most 16/],
    ['1'.repeat(49), /49 digits before the decimal point, at most 16/],
    [12.5, /expected a decimal string with at most 2 decimals, such as "1234\.50", not the number 12\.5/],
  ])('refuses %p as a variable, naming the field and the expected format', async (value, message) => {
    const r = await graphql({ schema, source: 'query($i: In!) { echo(input: $i) }', variableValues: { i: { budget: value } } });
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(r.errors?.[0]?.message).toMatch(/at "i\.budget"/);
  });

  it('refuses a number literal', async () => {
    const r = await graphql({ schema, source: '{ echo(input: { budget: 12.5 }) }' });
    expect(r.errors?.[0]?.message).toMatch(/Money: expected a decimal string with at most 2 decimals, such as "1234\.50" in quotes/);
  });

  it('keeps exact digits', async () => {
    const r = await graphql({ schema, source: '{ echo(input: { budget: "12345678901234.57" }) }' });
    expect(r.data?.echo).toBe('12345678901234.57');
  });
});
