import { flushPromises, mount } from '@vue/test-utils';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createMemoryHistory, createRouter } from 'vue-router';
import { i18n } from '@/i18n';
import { useSessionStore } from '@/stores/session.store';
import { useUiStore } from '@/stores/ui.store';
import SignInView from '@/views/SignInView.vue';
import { fail, FakeEngine, meUser } from './support/fake-engine';

describe('sign-in page', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    sessionStorage.clear();
    localStorage.setItem('coachflow.locale', 'en');
    setActivePinia(createPinia());
    engine = new FakeEngine();
    vi.stubGlobal('fetch', engine.fetch);
    i18n.global.locale.value = 'en';
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.unstubAllGlobals();
  });

  async function mountAt(path: string) {
    const stub = { template: '<div />' };
    const router = createRouter({ history: createMemoryHistory(), routes: [{ path: '/sign-in', component: SignInView }, { path: '/:p(.*)*', component: stub }] });
    await router.push(path);
    const w = mount(SignInView, { global: { plugins: [i18n, router] } });
    return { w, router };
  }
  async function submit(w: Awaited<ReturnType<typeof mountAt>>['w'], email = 'han@coachflow.test', password = 'secret-password'): Promise<void> {
    await w.find('input[data-test="sign-in-email"], [data-test="sign-in-email"] input').setValue(email);
    await w.find('input[data-test="sign-in-password"], [data-test="sign-in-password"] input').setValue(password);
    await w.find('form').trigger('submit');
    await flushPromises();
  }

  it('says so on a wrong email or password, and clears the password', async () => {
    engine.on('POST /api/v1/auth/sign-in', fail(401, 'INVALID_CREDENTIALS', 'wrong email or password'));
    const { w } = await mountAt('/sign-in');
    await submit(w);
    expect(w.find('[data-test="sign-in-error"]').text()).toContain('Wrong email or password');
    expect((w.find('input[type="password"]').element as HTMLInputElement).value).toBe('');
  });

  it('shows the wait when rate-limited and counts it down', async () => {
    engine.on('POST /api/v1/auth/sign-in', fail(429, 'TOO_MANY_SIGN_IN_ATTEMPTS', 'too many', { retryAfterSeconds: 3 }, { 'Retry-After': '3' }));
    const { w } = await mountAt('/sign-in');
    vi.useFakeTimers();
    await submit(w);
    expect(w.find('[data-test="sign-in-error"]').text()).toContain('Try again in 3 s');
    const button = () => w.find('[data-test="sign-in-submit"]');
    expect(button().attributes('disabled')).toBeDefined();
    expect(button().text()).toContain('Wait 3 s');
    await vi.advanceTimersByTimeAsync(3100);
    expect(w.find('[data-test="sign-in-error"]').exists()).toBe(false);
  });

  it('signs in, applies the account language and goes back where the person was going', async () => {
    engine
      .on('POST /api/v1/auth/sign-in', { token: 'tok', expiresAt: null, user: {} })
      .on('GET /api/v1/auth/me', meUser({ locale: 'zh-CN' }));
    const { w, router } = await mountAt('/sign-in?redirect=/runs/4');
    await submit(w);
    expect(router.currentRoute.value.fullPath).toBe('/runs/4');
    expect(useSessionStore().isSignedIn).toBe(true);
    expect(useUiStore().locale).toBe('zh-CN');
  });

  it('goes to the landing page of the person’s roles without a redirect', async () => {
    engine
      .on('POST /api/v1/auth/sign-in', { token: 'tok', expiresAt: null, user: {} })
      .on('GET /api/v1/auth/me', meUser({ roles: ['executive'], locale: 'en' }));
    const { w, router } = await mountAt('/sign-in?redirect=//evil.example');
    await submit(w);
    expect(router.currentRoute.value.fullPath).toBe('/strategy');
  });
});
