import { responseMediaType } from './http-status.plugin';

describe('responseMediaType (the type Apollo answers with, which decides 200 or 400)', () => {
  it.each([
    [undefined, 'application/json; charset=utf-8'],
    ['', 'application/json; charset=utf-8'],
    ['application/json', 'application/json; charset=utf-8'],
    ['*/*', 'application/json; charset=utf-8'],
    ['application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
    // urql and graphql-http list the new type first: the order of the header decides a tie
    ['application/graphql-response+json, application/json', 'application/graphql-response+json; charset=utf-8'],
    ['application/json, application/graphql-response+json', 'application/json; charset=utf-8'],
    ['application/json;q=0.9, application/graphql-response+json', 'application/graphql-response+json; charset=utf-8'],
    ['application/graphql-response+json;q=0.5, application/*', 'application/json; charset=utf-8'],
    ['text/html', null],
  ])('Accept %p is answered as %p', (accept, type) => {
    expect(responseMediaType(accept)).toBe(type);
  });
});
