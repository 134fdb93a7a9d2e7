/**
 * Demo strategic objectives with department, team and individual goals and their weekly progress.
 * Objective 1 "拓展重点客户" drifts: ≥ 40% of its linked goals are at risk and one of its key
 * results is unowned. Objectives 2 and 3 are healthy.
 */
import type { Goal, KeyResult, ProgressPoint, StrategicObjective } from '../objectives.js';
import type { Employee, Org, Team } from '../org.js';
import { addPeriods } from '../period.js';
import type { Rng } from './prng.js';

/** Periods between the last generated week and the goals' deadline. */
export const DEADLINE_AFTER_END = 6;

/** How a goal's progress evolves. */
type Profile = 'healthy' | 'slow' | { stalledFor: number };

function history(rng: Rng, startWeek: string, weeks: number, target: number, profile: Profile): ProgressPoint[] {
  const total = weeks + DEADLINE_AFTER_END;
  const rate = profile === 'slow' ? 0.55 : 1.12;
  const step = (target * rate) / total;
  const stallFrom = typeof profile === 'object' ? weeks - profile.stalledFor : weeks;
  const out: ProgressPoint[] = [];
  let progress = 0;
  for (let w = 0; w < weeks; w++) {
    if (w < stallFrom) progress = Math.min(target, progress + step * (0.6 + 0.8 * rng.next()));
    out.push({ period: addPeriods(startWeek, w), progress: Math.round(progress * 10) / 10 });
  }
  return out;
}

/** Result of the objective generation. */
export interface DemoObjectiveData {
  objectives: StrategicObjective[];
  goals: Goal[];
}

/** Generates the three objectives and their goals over `weeks` weeks ending at `endWeek`. */
export function generateObjectives(rng: Rng, org: Org, weeks: number, endWeek: string, liLeiId: string): DemoObjectiveData {
  const startWeek = addPeriods(endWeek, -(weeks - 1));
  const deadline = addPeriods(endWeek, DEADLINE_AFTER_END);
  const byId = new Map(org.employees.map((e) => [e.id, e]));
  const dept = (id: string) => org.departments.find((d) => d.id === id);
  const teamsOf = (deptId: string) => org.teams.filter((t) => t.departmentId === deptId);
  const membersOf = (t: Team) => org.employees.filter((e) => e.teamId === t.id && e.roles.length === 1);
  const [ceoId, vpSalesId = ceoId, ctoId = ceoId] = org.executiveIds;
  const salesHead = dept('D-SALES')?.headId ?? null;
  const csHead = dept('D-CS')?.headId ?? null;
  const rndHead = dept('D-RND')?.headId ?? null;

  const kr = (id: string, title: string, ownerId: string | null, weight: number, target: number, unit: string, profile: Profile = 'healthy'): KeyResult => ({
    id, title, ownerId, weight, target, unit, history: history(rng, startWeek, weeks, target, profile),
  });
  const goals: Goal[] = [];
  const goal = (g: Omit<Goal, 'target' | 'unit' | 'startPeriod' | 'deadline' | 'history' | 'keyResults'> & { keyResults?: KeyResult[] }, profile: Profile): Goal => {
    const full: Goal = { ...g, target: 100, unit: '%', startPeriod: startWeek, deadline, history: history(rng, startWeek, weeks, 100, profile), keyResults: g.keyResults ?? [] };
    goals.push(full);
    return full;
  };

  const objectives: StrategicObjective[] = [
    {
      id: 'OBJ-1', title: '拓展重点客户', titleEn: 'Grow key accounts', ownerIds: [vpSalesId ?? ''], region: 'east_china',
      keyResults: [kr('KR-O1-1', '重点客户收入同比增长30% Key-account revenue +30% YoY', vpSalesId ?? null, 0.6, 30, '%')],
    },
    {
      id: 'OBJ-2', title: '提升客户续约率', titleEn: 'Improve renewal rate', ownerIds: [csHead ?? ''],
      keyResults: [kr('KR-O2-1', '续约率达到92% Renewal rate 92%', csHead, 0.6, 92, '%'), kr('KR-O2-2', '流失预警客户挽回率60% Win back 60% of at-risk customers', csHead, 0.4, 60, '%')],
    },
    {
      id: 'OBJ-3', title: '缩短交付周期', titleEn: 'Shorten delivery cycle', ownerIds: [ctoId ?? ''],
      keyResults: [kr('KR-O3-1', '平均交付周期从45天缩短到30天 Delivery cycle 45 → 30 days', ctoId ?? null, 1, 15, '天')],
    },
  ];

  // Objective 1: drifting. Profiles in order for the sales teams, then the first CS team.
  const o1Sales = goal({
    id: 'G-O1-SALES', title: '华东重点客户签约额提升30% Key-account bookings +30%', level: 'department', objectiveId: 'OBJ-1', ownerId: salesHead,
    departmentId: 'D-SALES', region: 'east_china', weight: 0.5,
    keyResults: [
      kr('KR-O1-S1', '新签华东Top20客户中的5家 Sign 5 of the East China top-20 accounts', salesHead, 0.6, 5, '家'),
      kr('KR-O1-S2', '建立重点客户联合服务小组 Set up joint key-account service squads', null, 0.4, 4, '个'),
    ],
  }, 'healthy');
  const o1Cs = goal({ id: 'G-O1-CS', title: '重点客户成功计划全覆盖 Success plans for all key accounts', level: 'department', objectiveId: 'OBJ-1', ownerId: csHead, departmentId: 'D-CS', region: 'east_china', weight: 0.3 }, 'healthy');
  const salesTeams = teamsOf('D-SALES');
  const teamProfiles: Profile[] = [{ stalledFor: 5 }, 'slow', 'healthy', 'healthy', 'healthy', 'healthy'];
  const o1TeamGoals = salesTeams.map((t, i) =>
    goal({ id: `G-O1-${t.id}`, title: `${t.name}重点客户拓展 Key accounts – ${t.nameEn}`, level: 'team', parentGoalId: o1Sales.id, ownerId: t.managerId, departmentId: 'D-SALES', teamId: t.id, region: t.region, weight: 0.4 }, teamProfiles[i] ?? 'healthy'),
  );
  const csEast = teamsOf('D-CS')[0];
  if (csEast) goal({ id: `G-O1-${csEast.id}`, title: `${csEast.name}重点客户健康度 Key-account health – ${csEast.nameEn}`, level: 'team', parentGoalId: o1Cs.id, ownerId: csEast.managerId, departmentId: 'D-CS', teamId: csEast.id, region: csEast.region, weight: 0.3 }, { stalledFor: 4 });
  const individualProfiles: Profile[] = ['slow', { stalledFor: 6 }, { stalledFor: 4 }, 'healthy', 'healthy', 'healthy'];
  const liLei = byId.get(liLeiId) as Employee;
  const o1People = [liLei, ...salesTeams.slice(0, 2).flatMap(membersOf).filter((e) => e.id !== liLeiId)].slice(0, 6);
  o1People.forEach((e, i) => {
    const parent = o1TeamGoals.find((g) => g.teamId === e.teamId);
    goal({
      id: `G-O1-${e.id}`, title: e.id === liLeiId ? '拿下3家华东重点客户 Win 3 East China key accounts' : `${e.name}:重点客户签约 Key-account deals`,
      level: 'individual', ...(parent ? { parentGoalId: parent.id } : { objectiveId: 'OBJ-1' }), ownerId: e.id, departmentId: 'D-SALES', ...(e.teamId ? { teamId: e.teamId } : {}), region: e.region, weight: 0.4,
    }, individualProfiles[i] ?? 'healthy');
  });

  // Objectives 2 and 3: healthy, one goal at risk each.
  const healthyObjective = (objectiveId: string, deptId: string, headId: string | null, title: string, atRisk: Profile) => {
    const d = goal({ id: `G-${objectiveId}-DEPT`, title, level: 'department', objectiveId, ownerId: headId, departmentId: deptId, region: 'east_china', weight: 0.5 }, 'healthy');
    const teams = teamsOf(deptId);
    const teamGoals = teams.map((t) => goal({ id: `G-${objectiveId}-${t.id}`, title: `${t.name}:${title}`, level: 'team', parentGoalId: d.id, ownerId: t.managerId, departmentId: deptId, teamId: t.id, region: t.region, weight: 0.4 }, 'healthy'));
    const people = teams.map((t) => membersOf(t)[0]).filter((e): e is Employee => e !== undefined).slice(0, 4);
    people.forEach((e, i) => {
      const parent = teamGoals.find((g) => g.teamId === e.teamId);
      goal({ id: `G-${objectiveId}-${e.id}`, title: `${e.name}:${title}`, level: 'individual', ...(parent ? { parentGoalId: parent.id } : { objectiveId }), ownerId: e.id, departmentId: deptId, ...(e.teamId ? { teamId: e.teamId } : {}), region: e.region, weight: 0.3 }, i === 0 ? atRisk : 'healthy');
    });
  };
  healthyObjective('OBJ-2', 'D-CS', csHead, '续约率提升 Renewal rate up', 'slow');
  healthyObjective('OBJ-3', 'D-RND', rndHead, '交付周期缩短 Delivery cycle down', { stalledFor: 5 });

  // A goal linked to no objective.
  const hrTeam = teamsOf('D-HR')[0];
  if (hrTeam) goal({ id: 'G-HR-COACHING', title: '上线绩效辅导流程 Roll out coaching workflows', level: 'team', ownerId: hrTeam.managerId, departmentId: 'D-HR', teamId: hrTeam.id, region: hrTeam.region, weight: 0.5 }, 'healthy');
  return { objectives, goals };
}
