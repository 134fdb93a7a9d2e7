/// <reference types="vite/client" />
import 'vue-router';
import type { AccessRule, NavEntry } from './navigation';

declare module 'vue-router' {
  interface RouteMeta {
    /** Which top-bar entry is active. */
    nav?: NavEntry['key'];
    /** The view fills the area below the top bar without padding (editor, replay). */
    fullBleed?: boolean;
    /** Reachable signed out (the sign-in page). */
    public?: boolean;
    /** Rendered without the app shell. */
    bare?: boolean;
    /** Who may open it (role-aware; the engine enforces the same on the API). */
    access?: AccessRule;
  }
}
