import { Lexer, Source, TokenKind } from 'graphql';
import { DomainError } from '../errors/domain-error';

export interface DocumentLimits {
  /** Characters of the query text. */
  maxChars: number;
  /** Lexical tokens (graphql's parse has the same `maxTokens` notion). */
  maxTokens: number;
  /** `alias:` prefixes on fields. */
  maxAliases: number;
}

/**
 * Checks a caller's document before it is parsed (decision 1151): only the lexer runs, and it
 * stops at the first limit passed, so a megabyte of aliases costs a few milliseconds to refuse.
 * Applied to anonymous callers, who can read almost nothing, yet could make the server parse and
 * validate anything. Refused as `BAD_USER_INPUT`, reason `DOCUMENT_TOO_LARGE`, HTTP 400. A document
 * the lexer rejects is left to the parser, which names the syntax error.
 */
export function checkDocumentLimits(query: unknown, limits: DocumentLimits): void {
  if (typeof query !== 'string') {
    return;
  }
  const refuse = (what: string, limit: number): never => {
    throw new DomainError('BAD_USER_INPUT', `the document has more ${what} than the ${limit} allowed without a token`, {
      reason: 'DOCUMENT_TOO_LARGE',
      limit,
      http: { status: 400 },
    });
  };
  if (query.length > limits.maxChars) {
    refuse('characters', limits.maxChars);
  }
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  let aliases = 0;
  let parens = 0;
  let previous: TokenKind | undefined;
  try {
    for (let token = lexer.advance(); token.kind !== TokenKind.EOF; token = lexer.advance()) {
      tokens += 1;
      if (tokens > limits.maxTokens) {
        refuse('tokens', limits.maxTokens);
      }
      if (token.kind === TokenKind.PAREN_L) {
        parens += 1;
      } else if (token.kind === TokenKind.PAREN_R) {
        parens = Math.max(0, parens - 1);
      } else if (token.kind === TokenKind.COLON && previous === TokenKind.NAME && parens === 0) {
        // `name:` outside argument and variable lists is an alias.
        aliases += 1;
        if (aliases > limits.maxAliases) {
          refuse('aliases', limits.maxAliases);
        }
      }
      previous = token.kind;
    }
  } catch (error) {
    if (error instanceof DomainError) {
      throw error;
    }
    // A syntax error: the parser reports it.
  }
}
