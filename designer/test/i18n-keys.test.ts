/**
 * Every message key the source uses exists in zh-CN and en, and both locales have the same keys.
 * Literal keys (`t('a.b')`, `$t('a.b')`) are checked exactly; template keys (`t(\`a.${x}\`)`) must
 * have their static prefix; keys built from catalogue data are checked against the catalogues.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { NODE_CATALOGUE, NODE_KINDS, Role, RunStatus, StepStatus, ValidationCode, type JsonSchema } from '@coachflow/model';
import { describe, expect, it } from 'vitest';
import { COACHING_FORM_FIELDS } from '@/forms/coaching-forms';
import { PALETTE_GROUPS } from '@/catalogue/catalogue';
import { widgetFor } from '@/panels/schema-widgets';
import { DATE_UNITS } from '@coachflow/rules';
import { CONDITION_OP_KEYS, OPERAND_FNS } from '@/rules/rule-tree.types';
import en from '@/i18n/locales/en';
import zhCN from '@/i18n/locales/zh-CN';

const SRC = join(__dirname, '..', 'src');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return files(p);
    return /\.(vue|ts)$/.test(name) && !name.endsWith('.test.ts') ? [p] : [];
  });
}

function flatten(obj: object, prefix = ''): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [k, v] of Object.entries(obj)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (typeof v === 'object' && v !== null) for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, v);
  }
  return out;
}

const locales = { 'zh-CN': flatten(zhCN), en: flatten(en) };

function usedKeys(): { literal: Set<string>; prefixes: Set<string> } {
  const literal = new Set<string>();
  const prefixes = new Set<string>();
  // t('key'), $t('key'), te('key'), t("key") — with an optional second argument
  const lit = /\b\$?te?\(\s*(['"])([A-Za-z0-9_.-]+)\1/g;
  // t(`prefix.${…}`)
  const tpl = /\b\$?te?\(\s*`([A-Za-z0-9_.-]*)\$\{/g;
  for (const f of files(SRC)) {
    if (f.includes(`${join('i18n', 'locales')}`)) continue;
    const text = readFileSync(f, 'utf8');
    for (const m of text.matchAll(lit)) literal.add(m[2] as string);
    for (const m of text.matchAll(tpl)) prefixes.add(m[1] as string);
  }
  return { literal, prefixes };
}

describe('i18n', () => {
  const { literal, prefixes } = usedKeys();

  it('finds the keys used in the source (sanity check of the scanner)', () => {
    expect(literal.size).toBeGreaterThan(100);
    expect(literal.has('nav.workflows') || prefixes.has('nav.')).toBe(true);
  });

  for (const [name, messages] of Object.entries(locales)) {
    it(`${name} has every literal key used in the source`, () => {
      const missing = [...literal].filter((k) => !messages.has(k));
      expect(missing).toEqual([]);
    });
    it(`${name} has a message under every template-key prefix used in the source`, () => {
      const missing = [...prefixes].filter((p) => ![...messages.keys()].some((k) => k.startsWith(p)));
      expect(missing).toEqual([]);
    });
  }

  it('zh-CN and en have exactly the same keys, and no empty messages', () => {
    expect([...locales.en.keys()].sort()).toEqual([...locales['zh-CN'].keys()].sort());
    for (const messages of Object.values(locales)) {
      const empty = [...messages].filter(([, v]) => typeof v !== 'string' || v.trim() === '').map(([k]) => k);
      expect(empty).toEqual([]);
    }
  });

  it('covers the keys built from catalogue data', () => {
    const required: string[] = [];
    // field labels, walked the way SchemaField renders the forms (objects and object lists recurse)
    const walk = (props: Record<string, JsonSchema> | undefined): void => {
      for (const [key, schema] of Object.entries(props ?? {})) {
        required.push(`field.${key}`);
        const widget = widgetFor(schema, key);
        if (widget === 'object') walk(schema.properties);
        if (widget === 'objectList') walk(schema.items?.properties);
      }
    };
    for (const kind of NODE_KINDS) walk(NODE_CATALOGUE[kind].configSchema.properties);
    for (const g of PALETTE_GROUPS) required.push(`palette.group.${g}`);
    for (const s of Object.values(StepStatus)) required.push(`stepStatus.${s}`);
    required.push('stepStatus.notReached');
    for (const s of Object.values(RunStatus)) required.push(`runStatus.${s}`);
    for (const c of Object.values(ValidationCode)) required.push(`issue.code.${c}`);
    for (const r of Object.values(Role)) required.push(`role.${r}`);
    for (const [tpl, fields] of Object.entries(COACHING_FORM_FIELDS)) {
      required.push(`form.template.${tpl}`);
      for (const f of fields) required.push(`coachingForm.${tpl}.${f}`, `coachingForm.${tpl}.${f}Prompt`);
    }
    // assignee relations from the shared schema
    const assigneeTypes = (NODE_CATALOGUE.task.configSchema.properties?.assignee?.properties?.type?.enum ?? []) as string[];
    expect(assigneeTypes.length).toBeGreaterThan(0);
    for (const a of assigneeTypes) required.push(`assignee.type.${a}`);
    // rule builder: operators, operand kinds, variable sources and types, date units, fallbacks
    for (const k of Object.values(CONDITION_OP_KEYS)) required.push(`ruleBuilder.op.${k}`);
    for (const m of ['var', 'literal', ...OPERAND_FNS]) required.push(`ruleBuilder.mode.${m}`);
    for (const s of ['trigger', 'employee', 'manager', 'org', 'vars', 'steps', 'now']) required.push(`ruleBuilder.source.${s}`);
    for (const ty of ['number', 'string', 'enum', 'boolean', 'date', 'array', 'any']) required.push(`ruleBuilder.type.${ty}`);
    for (const u of DATE_UNITS) required.push(`ruleBuilder.unit.${u}`);
    for (const r of ['operator', 'arity', 'shape']) required.push(`ruleBuilder.unsupported.${r}`);
    for (const messages of Object.values(locales)) {
      expect(required.filter((k) => !messages.has(k))).toEqual([]);
    }
  });
});

describe('i18n messages compile', () => {
  it('every message of both locales renders without a syntax error (e.g. a bare @ or |)', async () => {
    const { i18n } = await import('@/i18n');
    const problems: string[] = [];
    const spy = (kind: string) => (...args: unknown[]) => problems.push(`${kind}: ${args.map(String).join(' ')}`);
    const origError = console.error;
    const origWarn = console.warn;
    console.error = spy('error');
    console.warn = spy('warn');
    try {
      for (const [name, messages] of Object.entries(locales)) {
        i18n.global.locale.value = name as 'zh-CN' | 'en';
        for (const key of messages.keys()) {
          try {
            const out = i18n.global.t(key, { n: 1, name: 'x', status: 1, seconds: 1, who: 'x', id: 'x', version: 'x', at: 'x', by: 'x', revision: 1, fields: 'x', groups: 'x', seq: 1, module: 'x', message: 'x', detail: 'x', path: 'x', keys: 'x' });
            if (typeof out !== 'string' || out === key) problems.push(`${name} ${key}: rendered as ${String(out)}`);
          } catch (e) {
            problems.push(`${name} ${key}: ${String(e)}`);
          }
        }
      }
    } finally {
      console.error = origError;
      console.warn = origWarn;
      i18n.global.locale.value = 'zh-CN';
    }
    expect(problems).toEqual([]);
  });
});
