/**
 * `engine credentials …`:
 *   list                              connectors with stored credentials and which fields are set
 *   new-key <path>                    write a fresh random key file (mode 0600) to rotate to
 *   rotate-key --new-key-file <path>  re-encrypt every credential under the key in <path>, then
 *                                     install it as <dataDir>/secret.key (running engines pick it up
 *                                     on their next call); with COACHFLOW_SECRET_KEY set, set the
 *                                     variable to the new key and restart instead
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Services } from '../app/services.js';
import { CLI_ACTOR } from '../plugins/plugin-audit.js';
import { generateKey, keyFilePath, readKeyFile, writeKeyFile } from './secret-key.js';

export async function credentialsCommand(s: Services, args: string[]): Promise<{ output: unknown; exitCode: number }> {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'list': {
      const items = [];
      for (const id of await s.credentials.connectorIds()) {
        const view = await s.credentials.describe(id, s.connectors.definition(id)?.credentials);
        items.push({ connectorId: id, revision: view.revision, updatedAt: view.updatedAt, fieldsSet: Object.entries(view.fields).filter(([, f]) => f.set).map(([n]) => n) });
      }
      return { output: { keyId: s.credentials.keyId, keySource: s.credentials.keySource, items }, exitCode: 0 };
    }
    case 'rotate-key': {
      const i = rest.indexOf('--new-key-file');
      const path = i >= 0 ? rest[i + 1] : undefined;
      if (!path) return { output: { error: 'usage: engine credentials rotate-key --new-key-file <path> (create one with: engine credentials new-key <path>)' }, exitCode: 2 };
      const next = readKeyFile(resolve(path));
      const fromFile = s.credentials.keySource === 'file';
      const previous = s.credentials.keyId;
      const result = await s.credentials.rotate(next);
      let keyFile: string | null = null;
      let note: string;
      if (fromFile) {
        keyFile = keyFilePath(s.config.dataDir);
        writeKeyFile(keyFile, next.key.toString('base64'));
        note = `${keyFile} now holds the new key; running engine processes that share it switch on their next call. Processes on other hosts need the same key file.`;
      } else {
        note = 'COACHFLOW_SECRET_KEY is set: set it to the new key (base64 content of the new key file) and restart every engine process; until then they cannot decrypt credentials.';
      }
      await s.audit.record({ action: 'credentials.rotate_key', actor: CLI_ACTOR, targetType: 'credential_key', targetId: next.id, details: { previousKeyId: previous, connectors: result.connectors, values: result.values } });
      return { output: { previousKeyId: previous, keyId: next.id, connectors: result.connectors, reencrypted: result.values, keyFile, note }, exitCode: 0 };
    }
    case 'new-key': {
      const path = rest[0];
      if (!path) return { output: { error: 'usage: engine credentials new-key <path>' }, exitCode: 2 };
      const target = resolve(path);
      if (existsSync(target)) return { output: { error: `${target} exists; choose a new path` }, exitCode: 1 };
      writeKeyFile(target, generateKey());
      return { output: { keyFile: target, keyId: readKeyFile(target).id }, exitCode: 0 };
    }
    default:
      return { output: { error: 'usage: engine credentials list | new-key <path> | rotate-key --new-key-file <path>' }, exitCode: 2 };
  }
}
