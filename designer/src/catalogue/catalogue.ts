/**
 * Designer-side lookups over the shared catalogues of `@coachflow/model`.
 * Only look-ups and presentation live here; the data (kinds, handles, schemas, payloads) and the
 * validation logic stay in the model package.
 */
import {
  NODE_CATALOGUE,
  NODE_KINDS,
  TRIGGER_CATALOGUE,
  type JsonSchema,
  type LocalizedText,
  type NodeCatalogueEntry,
  type NodeKind,
  type PaletteGroup,
  type TriggerInfo,
  type TriggerType,
} from '@coachflow/model';
import type { AppLocale } from '@/i18n';

/** Palette groups in display order. */
export const PALETTE_GROUPS: readonly PaletteGroup[] = ['triggers', 'logic', 'people', 'connectors', 'notifications', 'flow'];

export function nodeSpec(kind: NodeKind): NodeCatalogueEntry {
  return NODE_CATALOGUE[kind];
}

export function allNodeSpecs(): NodeCatalogueEntry[] {
  return NODE_KINDS.map((k) => NODE_CATALOGUE[k]);
}

export function triggerSpec(type: string | null | undefined): TriggerInfo | undefined {
  if (!type) return undefined;
  return (TRIGGER_CATALOGUE as Partial<Record<string, TriggerInfo>>)[type];
}

export function allTriggerSpecs(): TriggerInfo[] {
  return Object.values(TRIGGER_CATALOGUE as Record<TriggerType, TriggerInfo>);
}

/** Picks the text of the current locale. */
export function localized(text: LocalizedText | undefined, locale: AppLocale): string {
  if (!text) return '';
  return text[locale] || text['zh-CN'];
}

/** Localised name of a trigger type, falling back to the raw type. */
export function triggerName(type: string | null | undefined, locale: AppLocale): string {
  const spec = triggerSpec(type);
  return spec ? localized(spec.displayName, locale) : (type ?? '');
}

/**
 * A config object filled from a schema: schema defaults, and empty containers for required
 * objects/arrays, so a new node's form starts in a sensible shape.
 */
export function initialValueFor(schema: JsonSchema): unknown {
  if (schema.default !== undefined) return structuredClone(schema.default);
  if (schema.type === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of schema.required ?? []) {
      const prop = schema.properties?.[key];
      if (!prop) continue;
      const v = initialValueFor(prop);
      if (v !== undefined) out[key] = v;
    }
    return out;
  }
  if (schema.type === 'array') return [];
  if (schema.enum && schema.enum.length > 0) return schema.enum[0];
  if (schema.type === 'string') return '';
  return undefined;
}
