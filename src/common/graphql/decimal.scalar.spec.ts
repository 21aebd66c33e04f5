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
  it.each(['1234.50', '0', '0.01', '-5.00', '99999999999999.99'])('accepts %s', async (value) => {
    const r = await graphql({ schema, source: 'query($i: In!) { echo(input: $i) }', variableValues: { i: { budget: value } } });
    expect(r.errors).toBeUndefined();
    expect(r.data?.echo).toBe(value.includes('.') ? value : `${value}.00`);
  });

  it.each([
    ['1e3', /not a plain decimal/],
    ['NaN', /not a plain decimal/],
    ['Infinity', /not a plain decimal/],
    ['12,50', /not a plain decimal/],
    ['0.001', /3 decimals; at most 2/],
    [' 1.00', /not a plain decimal/],
    ['+1', /not a plain decimal/],
    [12.5, /must be a decimal written as a string/],
  ])('refuses %p as a variable, naming the field', async (value, message) => {
    const r = await graphql({ schema, source: 'query($i: In!) { echo(input: $i) }', variableValues: { i: { budget: value } } });
    expect(r.errors?.[0]?.message).toMatch(message);
    expect(r.errors?.[0]?.message).toMatch(/at "i\.budget"/);
  });

  it('refuses a number literal', async () => {
    const r = await graphql({ schema, source: '{ echo(input: { budget: 12.5 }) }' });
    expect(r.errors?.[0]?.message).toMatch(/string literal/);
  });

  it('keeps exact digits', async () => {
    const r = await graphql({ schema, source: '{ echo(input: { budget: "12345678901234.57" }) }' });
    expect(r.data?.echo).toBe('12345678901234.57');
  });
});
