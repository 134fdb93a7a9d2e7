/** Routes; every view is lazy-loaded so the entry chunk stays small. */
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';

export const routes: RouteRecordRaw[] = [
  { path: '/', redirect: '/workflows' },
  { path: '/workflows', name: 'workflows', component: () => import('./views/WorkflowsView.vue'), meta: { nav: 'workflows' } },
  { path: '/workflows/:id', name: 'workflow-editor', component: () => import('./views/WorkflowEditorView.vue'), props: true, meta: { nav: 'workflows', fullBleed: true } },
  { path: '/runs', name: 'runs', component: () => import('./views/RunsView.vue'), meta: { nav: 'runs' } },
  { path: '/runs/:id', name: 'run-detail', component: () => import('./views/RunDetailView.vue'), props: true, meta: { nav: 'runs', fullBleed: true } },
  { path: '/inbox', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { nav: 'inbox' } },
  { path: '/:pathMatch(.*)*', name: 'not-found', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHistory(import.meta.env.BASE_URL), routes });
