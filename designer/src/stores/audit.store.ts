/** The audit log viewer: filtered, keyset-paged entries and the hash-chain verification. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { listAudit, verifyAudit } from '@/api/audit.api';
import type { AuditQuery, AuditRecord, ChainVerification } from '@/api/people.types';
import { useSessionStore } from './session.store';

const PAGE = 100;

export const useAuditStore = defineStore('audit', () => {
  const session = useSessionStore();
  const items = ref<AuditRecord[]>([]);
  const nextCursor = ref<string | null>(null);
  const filters = ref<AuditQuery>({});
  const loading = ref(false);
  const verifying = ref(false);
  const verification = ref<ChainVerification | null>(null);

  async function load(next: AuditQuery = filters.value): Promise<void> {
    loading.value = true;
    try {
      const page = await listAudit(session.apiContext, { ...next, limit: PAGE });
      filters.value = next;
      items.value = page.items;
      nextCursor.value = page.nextCursor ?? null;
    } finally {
      loading.value = false;
    }
  }

  async function loadMore(): Promise<void> {
    if (!nextCursor.value) return;
    loading.value = true;
    try {
      const page = await listAudit(session.apiContext, { ...filters.value, limit: PAGE, cursor: nextCursor.value });
      items.value = [...items.value, ...page.items];
      nextCursor.value = page.nextCursor ?? null;
    } finally {
      loading.value = false;
    }
  }

  async function verify(): Promise<ChainVerification> {
    verifying.value = true;
    try {
      verification.value = await verifyAudit(session.apiContext);
      return verification.value;
    } finally {
      verifying.value = false;
    }
  }

  return { items, nextCursor, filters, loading, verifying, verification, load, loadMore, verify };
});
