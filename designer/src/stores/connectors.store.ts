/**
 * Installed connectors and their actions (the engine's catalogue), loaded once per session: the
 * palette's "connectors" group, the action node's input form, and the validator's connector checks.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ConnectorActionInfo, ConnectorInfo } from '@/api/api.types';
import { getConnectorCatalogue } from '@/api/catalogue.api';
import { useSessionStore } from './session.store';

/** One connector action as the palette lists it. */
export interface ConnectorActionEntry {
  connector: string;
  action: string;
  connectorInfo: ConnectorInfo;
  actionInfo: ConnectorActionInfo;
}

export const useConnectorsStore = defineStore('connectors', () => {
  const session = useSessionStore();
  const items = ref<Record<string, ConnectorInfo>>({});
  const loaded = ref(false);
  const loading = ref(false);
  const error = ref<unknown>(null);
  let pending: Promise<void> | null = null;

  const actions = computed<ConnectorActionEntry[]>(() =>
    Object.entries(items.value).flatMap(([connector, connectorInfo]) =>
      Object.entries(connectorInfo.actions ?? {}).map(([action, actionInfo]) => ({ connector, action, connectorInfo, actionInfo })),
    ),
  );

  /** Loads the catalogue (once; `force` reloads). Failures are kept in `error`, not thrown. */
  function load(force = false): Promise<void> {
    if (pending && !force) return pending;
    if (loaded.value && !force) return Promise.resolve();
    loading.value = true;
    pending = getConnectorCatalogue(session.apiContext)
      .then((res) => {
        items.value = res.items ?? {};
        loaded.value = true;
        error.value = null;
      })
      .catch((e: unknown) => {
        error.value = e;
      })
      .finally(() => {
        loading.value = false;
        pending = null;
      });
    return pending;
  }

  function action(connector: unknown, actionId: unknown): ConnectorActionInfo | undefined {
    if (typeof connector !== 'string' || typeof actionId !== 'string') return undefined;
    return items.value[connector]?.actions?.[actionId];
  }

  return { items, loaded, loading, error, actions, load, action };
});
