/**
 * The signed-in user and the API context built from it.
 * Sign-in and roles arrive with a later issue: today the user is an unauthenticated placeholder and
 * NOTHING here grants or checks permissions — the engine remains the only authority.
 */
import type { Role } from '@coachflow/model';
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import type { ApiContext } from '@/api/http';

export interface SessionUser {
  /** Directory id of the user (employeeId). */
  id: string;
  displayName: string;
  roles: Role[];
}

export const useSessionStore = defineStore('session', () => {
  /** `null` until sign-in exists; the UI shows an anonymous placeholder. */
  const user = ref<SessionUser | null>(null);
  /** Base URL of the engine API (same origin in production, proxied by vite in dev). */
  const apiBaseUrl = ref('/api/v1');

  /** What every store passes to `api/*`; auth headers plug in here later. */
  const apiContext = computed<ApiContext>(() => ({ baseUrl: apiBaseUrl.value, headers: () => ({}) }));

  return { user, apiBaseUrl, apiContext };
});
