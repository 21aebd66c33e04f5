import type { ApolloServerPlugin } from '@apollo/server';
import type { DataSource } from 'typeorm';
import type { RequestContext } from '../../context';
import { logger } from '../../common/logger';
import { retryOnConnectionLoss } from '../../common/db/connection-loss';
import { writeAuditRecord } from './audit.service';

const SECRET_KEY = /token|secret|password|authorization/i;

/** Variables with anything secret-looking removed, recursively. */
export function scrub(value: unknown, depth = 0): unknown {
  if (depth > 8) {
    return '[truncated]';
  }
  if (Array.isArray(value)) {
    // Large batches are summarised: the audit trail records that they came, not every row.
    return value.length > 50
      ? { items: value.length, first: value.slice(0, 5).map((v) => scrub(v, depth + 1)) }
      : value.map((v) => scrub(v, depth + 1));
  }
  if (typeof value === 'string') {
    // jsonb cannot hold U+0000; a refused request carrying one must still be recorded.
    return value.replaceAll('\u0000', '\uFFFD');
  }
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, SECRET_KEY.test(k) ? '[redacted]' : scrub(v, depth + 1)]),
    );
  }
  return value;
}

/**
 * Records every mutation (who, role, municipality, operation, arguments, outcome, time, request
 * id) and every refused access in the append-only `audit_log`. Written outside the command's
 * transaction so that a refused or failed mutation is recorded too.
 */
export function auditPlugin(dataSource: DataSource): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart() {
      return {
        async willSendResponse({ contextValue, operation, request, response }) {
          const body = response.body.kind === 'single' ? response.body.singleResult : undefined;
          const codes = [...new Set((body?.errors ?? []).map((e) => String(e.extensions?.code ?? 'INTERNAL_SERVER_ERROR')))];
          const isMutation = operation?.operation === 'mutation';
          if (!isMutation && !codes.includes('FORBIDDEN')) {
            return;
          }
          const actor = contextValue.actor;
          const fields = (operation?.selectionSet.selections ?? []).flatMap((s) => (s.kind === 'Field' ? [s.name.value] : []));
          try {
            // A connection the database dropped is discarded by the pool: tried again on a fresh one.
            await retryOnConnectionLoss(() =>
              writeAuditRecord(dataSource, {
                requestId: contextValue.requestId,
                actor,
                operationType: operation?.operation ?? 'unknown',
                operationName: operation?.name?.value ?? request.operationName ?? null,
                fields,
                arguments: scrub(request.variables ?? {}),
                outcome: codes.length === 0 ? 'OK' : codes.join(','),
              }),
            );
          } catch (error) {
            // The response is already decided; losing the audit row must be loud.
            logger.error({ err: error, requestId: contextValue.requestId }, 'could not write audit record');
          }
        },
      };
    },
  };
}
