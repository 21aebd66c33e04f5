import { registerEnumType } from 'type-graphql';

export enum Role {
  FINANCE_OFFICER = 'FINANCE_OFFICER',
  MUNICIPAL_CONTROLLER = 'MUNICIPAL_CONTROLLER',
  AUDITOR = 'AUDITOR',
}
registerEnumType(Role, { name: 'Role', description: 'What the bearer of a token may do' });

export interface Actor {
  /** Token subject: an opaque user id. */
  readonly subject: string;
  readonly role: Role;
  /** Set for (and only for) MUNICIPAL_CONTROLLER: the one municipality it may see. */
  readonly municipalityCode: string | null;
}

/** A system actor for CLI tools and fixtures, never reachable through HTTP. */
export const SYSTEM_ACTOR: Actor = { subject: 'system', role: Role.FINANCE_OFFICER, municipalityCode: null };

export const MUNICIPALITY_CODE = /^GM\d{4}$/;
