import type OpenAPIBackend from 'openapi-backend';
import type { OpenAPIV3 } from 'openapi-types';

/** The version of DUO's Notificatie API that POST /notificaties implements. */
export const NOTIFICATIE_API_VERSION = '1.8.0';

const OIN_HEADER = (name: string, description: string): OpenAPIV3.ParameterObject => ({
  name,
  in: 'header',
  required: true,
  description,
  schema: { type: 'string', minLength: 20, maxLength: 20 },
});
const VERSION_HEADER: OpenAPIV3.HeaderObject = {
  required: true,
  description: 'Version of the API (MAJOR.MINOR.PATCH)',
  schema: { type: 'string', minLength: 1, maxLength: 255, pattern: '^(0|[1-9]\\d*)\\.(0|[1-9]\\d*)\\.(0|[1-9]\\d*)$' },
};
const FOUTMELDING: OpenAPIV3.MediaTypeObject = { schema: { $ref: '#/components/schemas/Foutmelding' } };
const response = (description: string, withBody: boolean): OpenAPIV3.ResponseObject => ({
  description,
  headers: { 'API-Version': VERSION_HEADER },
  ...(withBody ? { content: { 'application/json': FOUTMELDING } } : {}),
});

/**
 * The engine's own OpenAPI document for its chain routes (docs/chain.md). POST /notificaties follows
 * DUO's Notificatie API 1.8.0 (same headers, body and status codes, `API-Version` on every answer);
 * the engine adds a `fouttekst` body to its refusals so that a sender learns why. The tests check
 * requests and answers against DUO's own file as well.
 */
export const CHAIN_OPENAPI: OpenAPIV3.Document = {
  openapi: '3.0.3',
  info: {
    title: 'Inburgering funding engine: chain routes',
    version: NOTIFICATIE_API_VERSION,
    description: 'Receives DUO notifications (Notificatie API 1.8.0) for the municipalities the engine serves.',
  },
  paths: {
    '/notificaties': {
      post: {
        operationId: 'opvoerenNotificatie',
        description: 'A thin notification of an event at the source; the engine consults the details and applies it once per berichtId.',
        security: [{ chainSender: [] }],
        parameters: [
          OIN_HEADER('bron', 'OIN of the sending organisation (must be a registered sender)'),
          OIN_HEADER('doel', 'OIN of the municipality the notification is for'),
          { name: 'berichtId', in: 'header', required: true, description: 'Unique message id', schema: { type: 'string', format: 'uuid' } },
        ],
        requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/Notificatie' } } } },
        responses: {
          '201': response('Accepted (also for a berichtId seen before, and for events the engine does not map)', false),
          '400': response('The request does not meet the specification (including a BSN failing the elfproef)', true),
          '401': response('The sender could not be authenticated', true),
          '403': response('The sender is not registered, or doel is not a municipality the engine serves', true),
          '500': response('Internal error', true),
          '503': response('The source could not be consulted, or the engine is unavailable: send again', true),
        },
      },
    },
  },
  components: {
    securitySchemes: {
      chainSender: { type: 'http', scheme: 'bearer', description: 'CHAIN_INBOUND_SECRET, presented by the chain gateway' },
    },
    schemas: {
      Foutmelding: {
        type: 'object',
        required: ['fouttekst'],
        properties: { fouttekst: { type: 'string', maxLength: 200 } },
      },
      Notificatie: {
        type: 'object',
        required: ['registratieDatumTijd', 'gebeurtenisId'],
        properties: {
          registratieDatumTijd: { type: 'string', format: 'date-time' },
          bsn: { type: 'string', minLength: 9, maxLength: 9, pattern: '^\\d{9}$' },
          vNummer: { type: 'integer', format: 'int64', minimum: 0, maximum: 9999999999 },
          gebeurtenisId: { type: 'string', minLength: 1, maxLength: 6, pattern: '^[0-9A-Z]{1,6}$' },
        },
      },
    },
  },
};

/**
 * An initialised openapi-backend validator (ajv with the standard formats) for a document.
 * openapi-backend, ajv and their dependencies (some 300 modules) are loaded here, on first use, not
 * when the server starts (decision 1840).
 */
export async function openApiValidator(definition: OpenAPIV3.Document | string): Promise<OpenAPIBackend> {
  /* eslint-disable @typescript-eslint/no-require-imports */
  const { default: Backend } = require('openapi-backend') as typeof import('openapi-backend');
  const { default: addFormats } = require('ajv-formats') as typeof import('ajv-formats');
  /* eslint-enable @typescript-eslint/no-require-imports */
  const api = new Backend({
    definition: definition,
    strict: false,
    validate: true,
    quick: false,
    customizeAjv: (ajv) => {
      addFormats(ajv);
      return ajv;
    },
  });
  await api.init();
  return api;
}

/** The first validation problem as one line ("header doel: must NOT have fewer than 20 characters"). */
export function firstProblem(errors: { instancePath?: string; message?: string; params?: unknown }[] | null | undefined): string {
  const e = errors?.[0];
  if (e === undefined) {
    return 'the request does not meet the specification';
  }
  const where = (e.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || 'request';
  return `${where}: ${e.message ?? 'invalid'}`.slice(0, 200);
}
