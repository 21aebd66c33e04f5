import type { ApolloServerPlugin } from '@apollo/server';
import { visit, type DocumentNode, type GraphQLFormattedError } from 'graphql';
import type { RequestContext } from '../../context';

/**
 * Finds the dotted input path (`input.budget`) of the argument or input field whose value sits at
 * a source location. graphql-js reports a bad literal ("Expected value of type Money, found
 * "1e3"") by location only; this names the field so clients and people can act on it.
 */
export function fieldAtLocation(document: DocumentNode, line: number, column: number): string | undefined {
  const body = document.loc?.source.body;
  if (body === undefined) {
    return undefined;
  }
  const lines = body.split('\n');
  const offset = lines.slice(0, line - 1).reduce((acc, l) => acc + l.length + 1, 0) + column - 1;
  const stack: string[] = [];
  let found: string | undefined;
  // The innermost argument or input field whose value spans the offset names the input.
  const enter = (node: { name: { value: string }; value: { loc?: { start: number; end: number } } }) => {
    stack.push(node.name.value);
    const loc = node.value.loc;
    if (loc && loc.start <= offset && offset < loc.end) {
      found = stack.join('.');
    }
  };
  const leave = () => {
    stack.pop();
  };
  visit(document, { Argument: { enter, leave }, ObjectField: { enter, leave } });
  return found;
}

function enrich(error: GraphQLFormattedError, document: DocumentNode | undefined, requestId: string): GraphQLFormattedError {
  const extensions: Record<string, unknown> = { ...error.extensions, requestId };
  delete extensions.http;
  let message = error.message;
  const loc = error.locations?.[0];
  if (
    extensions.field === undefined &&
    document &&
    loc &&
    extensions.code === 'BAD_USER_INPUT' &&
    extensions.reason === 'GRAPHQL_VALIDATION_FAILED'
  ) {
    const field = fieldAtLocation(document, loc.line, loc.column);
    if (field !== undefined) {
      extensions.field = field;
      message = `${field}: ${message}`;
    }
  }
  if (extensions.field === undefined && extensions.code === 'BAD_USER_INPUT') {
    // graphql-js names a variable that does not coerce in its message only:
    // 'Variable "$input" got invalid value "1e3" at "input.amount"; Money: …'.
    const variable = VARIABLE_PROBLEM.exec(message);
    if (variable !== null) {
      extensions.field = variable[2] ?? variable[1];
    }
  }
  return { ...error, message, extensions };
}

const VARIABLE_PROBLEM =
  /^Variable "\$([A-Za-z_][A-Za-z0-9_]*)" (?:got invalid value .*? at "([^"]+)";|got invalid value|of required type|of non-null type)/s;

/** Adds the request id to every error, and the field name to literal-value errors. */
export const errorEnrichmentPlugin: ApolloServerPlugin<RequestContext> = {
  async requestDidStart() {
    return {
      async willSendResponse({ contextValue, response, document }) {
        if (response.body.kind === 'single' && response.body.singleResult.errors) {
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) => enrich(e, document, contextValue.requestId));
        }
      },
    };
  },
};
