/// <reference types="vite/client" />
import 'vue-router';

declare module 'vue-router' {
  interface RouteMeta {
    /** Which top-bar entry is active. */
    nav?: 'workflows' | 'runs' | 'inbox';
    /** The view fills the area below the top bar without padding (editor, replay). */
    fullBleed?: boolean;
  }
}
