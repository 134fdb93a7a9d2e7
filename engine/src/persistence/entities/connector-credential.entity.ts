import { defineEntity, p } from '@mikro-orm/core';
import { jsonText } from './json-text.js';

/**
 * The credentials of one connector. `fields` maps each field name to its value encrypted with
 * AES-256-GCM (`v1.<keyId>.<iv>.<tag>.<ciphertext>`, a random IV per value); plaintext never
 * reaches the database. `revision` grows on every replacement (cache key of the decrypted values).
 */
export const ConnectorCredentialEntity = defineEntity({
  name: 'ConnectorCredential',
  tableName: 'connector_credential',
  properties: {
    connectorId: p.string().length(64).primary(),
    fields: jsonText(),
    revision: p.integer(),
    updatedAt: p.bigint('number'),
    updatedBy: p.string().length(64).nullable(),
  },
});
