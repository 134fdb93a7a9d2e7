import { flushPromises, mount } from '@vue/test-utils';
import type { WorkflowDefinition } from '@coachflow/model';
import { createPinia, setActivePinia } from 'pinia';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { diffWorkflows } from '@/diff/workflow-diff';
import { i18n } from '@/i18n';
import VersionDiffView from '@/panels/VersionDiffView.vue';
import VersionHistory from '@/panels/VersionHistory.vue';
import { useSessionStore } from '@/stores/session.store';
import { useWorkflowDocumentStore } from '@/stores/workflow-document.store';
import { FakeEngine, meUser } from './support/fake-engine';

const V1: WorkflowDefinition = {
  nodes: [
    { id: 'start', kind: 'trigger', position: { x: 0, y: 0 }, config: { event: 'kpi.deviation', filter: { '>=': [{ var: 'trigger.streak' }, 3] } } },
    { id: 'check', kind: 'condition', position: { x: 300, y: 0 }, config: { rule: { '==': [{ var: 'employee.jobFamily' }, 'sales'] } } },
    { id: 'done', kind: 'end', position: { x: 600, y: 0 }, config: { outcome: 'done' } },
  ],
  edges: [
    { id: 'e1', source: 'start', target: 'check' },
    { id: 'e2', source: 'check', sourceHandle: 'true', target: 'done' },
  ],
};

function v2(): WorkflowDefinition {
  const d = structuredClone(V1);
  (d.nodes[1]!.config as { rule: unknown }).rule = { and: [{ '==': [{ var: 'employee.jobFamily' }, 'sales'] }, { '>=': [{ var: 'trigger.streak' }, 3] }] };
  d.nodes.push({ id: 'coach', kind: 'task', position: { x: 600, y: 200 }, config: { title: 'Coach', assignee: { type: 'directManager' } } } as never);
  d.edges.push({ id: 'e3', source: 'check', sourceHandle: 'false', target: 'coach' });
  return d;
}

const mountOpts = { attachTo: document.body, global: { plugins: [i18n] } };

describe('version diff view', () => {
  it('shows counts, changed rules as text with their JSON, added nodes and edges', async () => {
    i18n.global.locale.value = 'en';
    const w = mount(VersionDiffView, { ...mountOpts, props: { diff: diffWorkflows(V1, v2()), beforeLabel: 'v1', afterLabel: 'v2' } });
    expect(w.find('[data-test="diff-summary"]').text()).toContain('1 added');
    expect(w.find('[data-test="diff-summary"]').text()).toContain('1 changed');
    const check = w.find('[data-test="diff-node"][data-node-id="check"]');
    expect(check.attributes('data-change')).toBe('changed');
    expect(check.find('[data-test="diff-rule-before"]').text()).toBe('employee.jobFamily == "sales"');
    expect(check.find('[data-test="diff-rule-after"]').text()).toBe('employee.jobFamily == "sales" AND trigger.streak >= 3');
    expect(check.text()).toContain('Rule JSON side by side');
    expect(w.find('[data-test="diff-node"][data-node-id="coach"]').attributes('data-change')).toBe('added');
    expect(w.find('[data-test="diff-edge"]').text()).toContain('check [false] → coach');
    expect(w.find('[data-test="diff-trigger"]').exists()).toBe(false);
    await w.find('[data-node-id="coach"] .cf-diff__node-link').trigger('click');
    expect(w.emitted('select:node')?.[0]).toEqual(['coach']);
    w.unmount();
    i18n.global.locale.value = 'zh-CN';
  });

  it('shows a trigger change, and "no differences" for a move only', () => {
    const filtered = structuredClone(V1);
    (filtered.nodes[0]!.config as { filter: unknown }).filter = { '>=': [{ var: 'trigger.streak' }, 4] };
    const w = mount(VersionDiffView, { ...mountOpts, props: { diff: diffWorkflows(V1, filtered), beforeLabel: 'v1', afterLabel: '草稿' } });
    expect(w.find('[data-test="diff-trigger"]').text()).toContain('trigger.streak >= 3');
    expect(w.find('[data-test="diff-trigger"]').text()).toContain('trigger.streak >= 4');
    w.unmount();
    const moved = structuredClone(V1);
    moved.nodes[2]!.position = { x: 640, y: 40 };
    const m = mount(VersionDiffView, { ...mountOpts, props: { diff: diffWorkflows(V1, moved), beforeLabel: 'v1', afterLabel: 'v2' } });
    expect(m.find('[data-test="diff-identical"]').exists()).toBe(true);
    expect(m.find('[data-test="diff-node"]').exists()).toBe(false);
    m.unmount();
  });
});

describe('version history: compare two versions or a version with the draft', () => {
  let engine: FakeEngine;
  beforeEach(() => {
    setActivePinia(createPinia());
    engine = new FakeEngine()
      .on('GET /api/v1/workflows/wf/versions', { items: [{ version: 1, note: 'first', publishedAt: '2026-02-01T00:00:00Z' }, { version: 2, note: null, publishedAt: '2026-02-10T00:00:00Z' }] })
      .on('GET /api/v1/workflows/wf/versions/1', { version: 1, publishedAt: '2026-02-01T00:00:00Z', definition: V1 })
      .on('GET /api/v1/workflows/wf/versions/2', { version: 2, publishedAt: '2026-02-10T00:00:00Z', definition: v2() });
    vi.stubGlobal('fetch', engine.fetch);
    Object.assign(useSessionStore(), { token: 'tok', user: meUser({ roles: ['hr_admin'] }) });
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    document.body.innerHTML = '';
  });

  it('compares the latest version with the draft by default, and any two versions on demand', async () => {
    i18n.global.locale.value = 'en';
    const doc = useWorkflowDocumentStore();
    const draft = v2();
    draft.nodes = draft.nodes.filter((n) => n.id !== 'done');
    draft.edges = draft.edges.filter((e) => e.target !== 'done');
    doc.load({ id: 'wf', name: 'wf', revision: 4, publishedVersion: 2, updatedAt: '2026-02-11T00:00:00Z', definition: draft });
    await doc.loadVersions();
    const w = mount(VersionHistory, mountOpts);
    await flushPromises();
    await w.find('[data-test="compare-go"]').trigger('click');
    await flushPromises();
    let dialog = document.body.querySelector('[data-test="version-diff"]') as HTMLElement;
    expect(dialog.textContent).toContain('v2');
    expect(dialog.textContent).toContain('Current draft');
    const removed = dialog.querySelector('[data-node-id="done"]');
    expect(removed?.getAttribute('data-change')).toBe('removed');
    expect(engine.callsTo('GET /api/v1/workflows/wf/versions/2')).toHaveLength(1);
    // compared with the draft: the editor may outline the changes on the canvas
    expect(w.emitted('compare:draft')?.[0]?.[0]).toMatchObject({ label: 'v2', definition: v2() });

    // v1 → draft from the row link: both sides fetched once, cached afterwards
    await w.find('[data-test="compare-draft-1"]').trigger('click');
    await flushPromises();
    dialog = document.body.querySelector('[data-test="version-diff"]') as HTMLElement;
    expect(dialog.querySelector('[data-node-id="check"]')?.getAttribute('data-change')).toBe('changed');
    expect(dialog.querySelector('[data-node-id="coach"]')?.getAttribute('data-change')).toBe('added');
    await w.find('[data-test="compare-go"]').trigger('click');
    await flushPromises();
    expect(engine.callsTo('GET /api/v1/workflows/wf/versions/1')).toHaveLength(1);
    expect(engine.callsTo('GET /api/v1/workflows/wf/versions/2')).toHaveLength(1);
    w.unmount();
    i18n.global.locale.value = 'zh-CN';
  });

  it('offers restoring a version', async () => {
    const doc = useWorkflowDocumentStore();
    doc.load({ id: 'wf', name: 'wf', revision: 1, publishedVersion: 2, updatedAt: '2026-02-11T00:00:00Z', definition: V1 });
    await doc.loadVersions();
    const w = mount(VersionHistory, mountOpts);
    await flushPromises();
    const restore = w.findAll('.cf-versions__row button').find((b) => b.text() === i18n.global.t('versions.restore'));
    await restore!.trigger('click');
    expect(w.emitted('restore')?.[0]).toEqual([2]);
    w.unmount();
  });
});
