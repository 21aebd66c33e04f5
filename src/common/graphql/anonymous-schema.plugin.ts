import type { ApolloServerPlugin } from '@apollo/server';
import { Kind, visit, type DocumentNode } from 'graphql';
import type { RequestContext } from '../../context';
import { DomainError } from '../errors/domain-error';

/** graphql-js's hint after an unknown field, argument or type: ' Did you mean "municipalities"?' */
const SUGGESTION = / ?Did you mean(.+?)\?$/;

function introspects(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    [Kind.FIELD]: (node) => {
      if (node.name.value === '__schema' || node.name.value === '__type') {
        found = true;
      }
    },
  });
  return found;
}

/**
 * With `allowed` false (production by default, `ANONYMOUS_INTROSPECTION`), a caller without a token
 * learns nothing of the schema (issue 20 item 3): introspection (`__schema`, `__type`) is refused
 * with UNAUTHENTICATED (401), and the "Did you mean …?" suggestions are cut from its validation
 * errors. `__typename` stays: it reveals nothing. Callers with a valid token are not affected.
 */
export function anonymousSchemaPlugin(allowed: boolean): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      if (allowed) {
        return {};
      }
      return {
        async didResolveOperation({ contextValue, document }) {
          if (contextValue.actor === null && introspects(document)) {
            const error = new DomainError('UNAUTHENTICATED', 'introspection needs a token: sign in to read the schema', {
              reason: 'INTROSPECTION_DISABLED',
            });
            (error.extensions as Record<string, unknown>).http = { status: 401 };
            throw error;
          }
        },
        async willSendResponse({ contextValue, response }) {
          if (contextValue.actor !== null || response.body.kind !== 'single' || !response.body.singleResult.errors) {
            return;
          }
          response.body.singleResult.errors = response.body.singleResult.errors.map((e) =>
            SUGGESTION.test(e.message) ? { ...e, message: e.message.replace(SUGGESTION, '') } : e,
          );
        },
      };
    },
  };
}
