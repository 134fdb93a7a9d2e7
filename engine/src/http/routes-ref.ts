import type { RouteSpec } from './route.types.js';

/** The registered route table, set by router.ts (the OpenAPI route reads it without an import cycle). */
export const ALL_ROUTES_REF: { routes: RouteSpec[] } = { routes: [] };
