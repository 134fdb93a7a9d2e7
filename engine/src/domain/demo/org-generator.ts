/**
 * Demo organisation: a company with 4 departments, teams with managers, department heads as
 * skip-levels, HRBPs, executives, and employees with Chinese names. Includes the reference
 * scenario's people: 李雷 Li Lei (sales, 华东一组), his manager 韩梅梅 and skip-level 张伟.
 */
import type { Department, Employee, JobFamily, Org, RegionId, Team } from '../org.js';
import { GIVEN_NAMES, SURNAMES } from './names.js';
import type { Rng } from './prng.js';

const DOMAIN = 'xinghe-demo.example.com';

type DeptKey = 'sales' | 'cs' | 'rnd' | 'hr';
interface DeptSpec {
  key: DeptKey;
  id: string;
  name: string;
  nameEn: string;
  family: JobFamily;
  share: number;
  teams: Array<[string, string, RegionId]>;
  titles: [string, string];
}

const DEPARTMENTS: DeptSpec[] = [
  {
    key: 'sales', id: 'D-SALES', name: '销售部', nameEn: 'Sales', family: 'sales', share: 0.34, titles: ['客户经理', '高级客户经理'],
    teams: [['华东一组', 'East China Team 1', 'east_china'], ['华东二组', 'East China Team 2', 'east_china'], ['华南组', 'South China Team', 'south_china'], ['华北组', 'North China Team', 'north_china'], ['华东三组', 'East China Team 3', 'east_china'], ['华南二组', 'South China Team 2', 'south_china']],
  },
  {
    key: 'cs', id: 'D-CS', name: '客户成功部', nameEn: 'Customer Success', family: 'customer_success', share: 0.22, titles: ['客户成功经理', '高级客户成功经理'],
    teams: [['客户成功华东组', 'CS East China', 'east_china'], ['客户成功华南组', 'CS South China', 'south_china'], ['客户成功华北组', 'CS North China', 'north_china'], ['客户成功华东二组', 'CS East China 2', 'east_china']],
  },
  {
    key: 'rnd', id: 'D-RND', name: '研发部', nameEn: 'R&D', family: 'engineering', share: 0.36, titles: ['软件工程师', '高级软件工程师'],
    teams: [['平台组', 'Platform', 'east_china'], ['应用组', 'Applications', 'east_china'], ['数据组', 'Data', 'north_china'], ['质量组', 'Quality', 'south_china'], ['移动组', 'Mobile', 'south_china'], ['基础架构组', 'Infrastructure', 'north_china']],
  },
  {
    key: 'hr', id: 'D-HR', name: '人力资源部', nameEn: 'HR', family: 'hr', share: 0.08, titles: ['人力资源专员', '高级人力资源专员'],
    teams: [['人力资源组', 'HR Team', 'east_china'], ['招聘组', 'Recruiting', 'south_china']],
  },
];

const LOCATIONS: Record<RegionId, string[]> = {
  east_china: ['上海', '杭州', '南京'],
  south_china: ['深圳', '广州'],
  north_china: ['北京', '天津'],
};

/** How many teams each department gets: sales ⌈n/3⌉, HR 1, the rest split between CS and R&D. */
function teamCounts(total: number): Record<DeptKey, number> {
  if (total < 4 || total > 18) throw new RangeError('teams must be between 4 and 18');
  const sales = Math.ceil(total / 3);
  const rest = total - sales - 1;
  return { sales, hr: 1, cs: Math.floor(rest / 2), rnd: rest - Math.floor(rest / 2) };
}

/** Generates the organisation. `employees` counts everyone including executives. */
export function generateOrg(rng: Rng, employeeCount: number, teamCount: number): Org {
  const counts = teamCounts(teamCount);
  const fixedPeople = 3 + 4 + teamCount + 2;
  if (employeeCount < fixedPeople + teamCount) throw new RangeError(`employees must be at least ${fixedPeople + teamCount}`);

  const usedNames = new Set<string>(['李雷', '韩梅梅', '张伟', '王建国', '赵敏', '陈志远', '孙丽']);
  const usedEmails = new Set<string>();
  const employees: Employee[] = [];
  let seq = 0;
  const nextId = () => `E${String(++seq).padStart(4, '0')}`;
  const randomName = (): [string, string] => {
    for (;;) {
      const [s, sp] = rng.pick(SURNAMES);
      const [g, gp] = rng.pick(GIVEN_NAMES);
      if (!usedNames.has(s + g)) {
        usedNames.add(s + g);
        return [s + g, `${sp} ${gp}`];
      }
    }
  };
  const add = (p: Omit<Employee, 'id' | 'email' | 'locale' | 'status' | 'location'> & { location?: string }, name?: [string, string]): Employee => {
    const [zh, en] = name ?? randomName();
    const [surname = '', given = ''] = en.toLowerCase().split(' ');
    let email = `${given}.${surname}@${DOMAIN}`;
    for (let i = 2; usedEmails.has(email); i++) email = `${given}.${surname}${i}@${DOMAIN}`;
    usedEmails.add(email);
    const e: Employee = {
      ...p,
      id: nextId(),
      name: zh,
      nameEn: en,
      email,
      location: p.location ?? rng.pick(LOCATIONS[p.region]),
      status: 'active',
      locale: rng.chance(0.1) ? 'en' : 'zh-CN',
    };
    employees.push(e);
    return e;
  };
  const base = { departmentId: null, teamId: null, hrbpId: null } as const;

  const ceo = add({ ...base, nameEn: '', name: '', jobFamily: 'management', level: 'M5', title: '首席执行官 CEO', region: 'east_china', location: '上海', managerId: null, roles: ['executive'] }, ['王建国', 'Wang Jianguo']);
  const vpSales = add({ ...base, nameEn: '', name: '', jobFamily: 'management', level: 'M4', title: '销售与客户副总裁 VP Sales & Customer', region: 'east_china', location: '上海', managerId: ceo.id, roles: ['executive', 'manager'] }, ['赵敏', 'Zhao Min']);
  const cto = add({ ...base, nameEn: '', name: '', jobFamily: 'management', level: 'M4', title: '技术副总裁 CTO', region: 'north_china', location: '北京', managerId: ceo.id, roles: ['executive', 'manager'] }, ['陈志远', 'Chen Zhiyuan']);
  const execOf: Record<DeptKey, string> = { sales: vpSales.id, cs: vpSales.id, rnd: cto.id, hr: ceo.id };

  const departments: Department[] = [];
  const teams: Team[] = [];
  const heads = new Map<DeptKey, Employee>();
  for (const d of DEPARTMENTS) {
    const region = d.teams[0]?.[2] ?? 'east_china';
    const head = add(
      { ...base, departmentId: d.id, nameEn: '', name: '', jobFamily: 'management', level: 'M3', title: `${d.name}负责人 Head of ${d.nameEn}`, region, managerId: execOf[d.key], roles: ['manager', 'department_head'] },
      d.key === 'sales' ? ['张伟', 'Zhang Wei'] : undefined,
    );
    heads.set(d.key, head);
  }
  const managers = new Map<string, Employee>();
  for (const d of DEPARTMENTS) {
    const head = heads.get(d.key) as Employee;
    d.teams.slice(0, counts[d.key]).forEach(([name, nameEn, region], i) => {
      const teamId = `T-${d.key.toUpperCase()}-${i + 1}`;
      const first = d.key === 'sales' && i === 0;
      const m = add(
        { ...base, departmentId: d.id, teamId, nameEn: '', name: '', jobFamily: 'management', level: rng.pick(['M1', 'M2']), title: `${name}经理 ${nameEn} Manager`, region, managerId: head.id, roles: ['manager'] },
        first ? ['韩梅梅', 'Han Meimei'] : undefined,
      );
      managers.set(teamId, m);
      teams.push({ id: teamId, name, nameEn, departmentId: d.id, managerId: m.id, region });
    });
  }
  const hrTeam = teams.find((t) => t.departmentId === 'D-HR') as Team;
  const hrHead = heads.get('hr') as Employee;
  const hrbps = [
    add({ ...base, departmentId: 'D-HR', teamId: hrTeam.id, nameEn: '', name: '', jobFamily: 'hr', level: 'P6', title: 'HRBP', region: 'east_china', managerId: hrTeam.managerId, roles: ['hrbp', 'hr_admin'] }, ['孙丽', 'Sun Li']),
    add({ ...base, departmentId: 'D-HR', teamId: hrTeam.id, nameEn: '', name: '', jobFamily: 'hr', level: 'P6', title: 'HRBP', region: 'north_china', managerId: hrTeam.managerId, roles: ['hrbp', 'hr_admin'] }),
  ] as [Employee, Employee];
  const hrbpOf: Record<DeptKey, string> = { sales: hrbps[0].id, cs: hrbps[0].id, rnd: hrbps[1].id, hr: hrbps[1].id };
  for (const d of DEPARTMENTS) {
    departments.push({
      id: d.id,
      name: d.name,
      nameEn: d.nameEn,
      headId: (heads.get(d.key) as Employee).id,
      regions: [...new Set(teams.filter((t) => t.departmentId === d.id).map((t) => t.region))],
      hrbpId: hrbpOf[d.key],
      executiveId: execOf[d.key],
    });
  }

  // Members, distributed by department share then evenly over the department's teams.
  const remaining = employeeCount - employees.length;
  const perTeam = new Map<string, number>();
  for (const d of DEPARTMENTS) {
    const dTeams = teams.filter((t) => t.departmentId === d.id);
    const n = Math.floor(remaining * d.share);
    dTeams.forEach((t, i) => perTeam.set(t.id, Math.floor(n / dTeams.length) + (i < n % dTeams.length ? 1 : 0)));
  }
  let assigned = [...perTeam.values()].reduce((a, b) => a + b, 0);
  const salesTeams = teams.filter((t) => t.departmentId === 'D-SALES');
  for (let i = 0; assigned < remaining; i++, assigned++) {
    const t = salesTeams[i % salesTeams.length] as Team;
    perTeam.set(t.id, (perTeam.get(t.id) ?? 0) + 1);
  }
  for (const t of teams) {
    const d = DEPARTMENTS.find((x) => x.id === t.departmentId) as DeptSpec;
    for (let i = 0; i < (perTeam.get(t.id) ?? 0); i++) {
      const liLei = t.id === 'T-SALES-1' && i === 0;
      const level = liLei ? 'P5' : rng.pick(['P3', 'P4', 'P4', 'P5', 'P5', 'P6', 'P6', 'P7', 'P8']);
      const senior = Number(level.slice(1)) >= 6;
      add(
        { ...base, departmentId: d.id, teamId: t.id, nameEn: '', name: '', jobFamily: d.family, level, title: d.titles[senior ? 1 : 0], region: t.region, managerId: t.managerId, roles: ['employee'], ...(liLei ? { location: '上海' } : {}) },
        liLei ? ['李雷', 'Li Lei'] : undefined,
      );
    }
  }
  for (const e of employees) {
    const dept = departments.find((d) => d.id === e.departmentId);
    e.hrbpId = dept ? (dept.hrbpId === e.id ? hrbps[0].id : dept.hrbpId) : e.id === ceo.id ? null : hrbps[0].id;
    if (!e.roles.includes('employee')) e.roles.unshift('employee');
  }
  void hrHead;
  const members = employees.filter((e) => e.roles.length === 1 && e.name !== '李雷');
  for (const e of rng.shuffle(members).slice(0, Math.max(1, Math.round(employeeCount * 0.015)))) e.status = 'on_leave';
  return {
    company: { id: 'C-XINGHE', name: '星河科技有限公司', nameEn: 'Xinghe Technology Co., Ltd.', ceoId: ceo.id },
    departments,
    teams,
    employees,
    executiveIds: [ceo.id, vpSales.id, cto.id],
    hrbpIds: hrbps.map((h) => h.id),
  };
}
