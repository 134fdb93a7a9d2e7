import type { CredentialField } from '@coachflow/connector-sdk';

/** What the API shows of one credential field: whether it is set, and its value only when not secret. */
export interface CredentialFieldView {
  set: boolean;
  secret: boolean;
  required: boolean;
  /** Present for non-secret fields that are set. Secret values are never returned. */
  value?: string;
}

/** GET view of a connector's credentials. */
export interface CredentialsView {
  connectorId: string;
  /** 0 when nothing was ever stored. */
  revision: number;
  updatedAt: string | null;
  updatedBy: string | null;
  fields: Record<string, CredentialFieldView>;
}

/** A connector's credential declaration (from its definition), by field name. */
export type CredentialDeclaration = Record<string, CredentialField>;

/** Decrypted credentials handed to one action call, and the secrets to scrub from what it returns. */
export interface CredentialAccess {
  credentials: Record<string, string>;
  /** Secret values (for redaction of outputs, errors and logs). */
  secrets: string[];
}
