/**
 * The executive's strategy view: objectives with their latest drift analysis, the analyses of the
 * selected objective (the trend across runs), its linked goals (aggregated by team for the heatmap),
 * the teams' names, and the digest of recent drift signals. Aggregated figures only: no person's
 * coaching notes are requested.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { previewDigest, type Digest } from '@/api/notifications.api';
import type { DriftAnalysis, GoalView, ObjectiveView, TeamView } from '@/api/people.types';
import { listAnalyses, listGoals, listObjectives, listTeams } from '@/api/strategy.api';
import { riskTrend, teamProgressHeatmap } from '@/charts/chart-options';
import { useSessionStore } from './session.store';

export const useStrategyStore = defineStore('strategy', () => {
  const session = useSessionStore();
  const objectives = ref<ObjectiveView[]>([]);
  const selectedId = ref<string | null>(null);
  const analyses = ref<DriftAnalysis[]>([]);
  const goals = ref<GoalView[]>([]);
  const teams = ref<TeamView[]>([]);
  const digest = ref<Digest | null>(null);
  const loading = ref(false);
  const detailLoading = ref(false);

  const selected = computed(() => objectives.value.find((o) => o.id === selectedId.value) ?? null);
  const latest = computed<DriftAnalysis | null>(() => [...analyses.value].sort((a, b) => Date.parse(b.createdAt) - Date.parse(a.createdAt))[0] ?? selected.value?.latestAnalysis ?? null);
  const trend = computed(() => riskTrend(analyses.value.length ? analyses.value : selected.value?.latestAnalysis ? [selected.value.latestAnalysis] : []));
  const heatmap = computed(() => teamProgressHeatmap(goals.value));
  const teamName = computed(() => {
    const names = new Map(teams.value.map((t) => [t.id, t.name ?? t.id]));
    return (id: string) => names.get(id) ?? id;
  });
  const drifting = computed(() => objectives.value.filter((o) => o.latestAnalysis?.drifting));

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const [o, t, d] = await Promise.all([
        listObjectives(session.apiContext),
        listTeams(session.apiContext).catch(() => ({ items: [] as TeamView[] })),
        previewDigest(session.apiContext, 'weekly').catch(() => null),
      ]);
      objectives.value = o.items;
      teams.value = t.items;
      digest.value = d;
      if (!selectedId.value || !objectives.value.some((x) => x.id === selectedId.value)) {
        selectedId.value = (drifting.value[0] ?? objectives.value[0])?.id ?? null;
      }
    } finally {
      loading.value = false;
    }
    if (selectedId.value) await select(selectedId.value);
  }

  async function select(id: string): Promise<void> {
    selectedId.value = id;
    detailLoading.value = true;
    try {
      const [a, g] = await Promise.all([listAnalyses(session.apiContext, id), listGoals(session.apiContext, id).catch(() => ({ items: [] as GoalView[] }))]);
      if (selectedId.value !== id) return;
      analyses.value = a.items;
      goals.value = g.items;
    } finally {
      detailLoading.value = false;
    }
  }

  return { objectives, selectedId, selected, analyses, goals, teams, digest, loading, detailLoading, latest, trend, heatmap, teamName, drifting, load, select };
});
