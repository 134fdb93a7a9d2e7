import { createPinia } from 'pinia';
import { createApp } from 'vue';
// Styles of the element-plus services used through functions (ElMessage, ElMessageBox); components
// get theirs on demand from unplugin-vue-components.
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
// The loading mask's look: the editor draws element-plus' mask without the v-loading directive.
import 'element-plus/es/components/loading/style/css';
import App from './App.vue';
import { i18n, loadLocaleMessages, storedLocale } from './i18n';
import { preloadRoute, router } from './router';
import { useSessionStore } from './stores/session.store';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);
// Someone with a stored session is most likely going to the page in the address bar: load its code
// (and the workflow of the editor) alongside the locale messages and the session check instead of
// after them (the session check first: the browser opens only a few connections per host and the
// page's code is ≈ 70 files).
const session = useSessionStore();
if (session.token) {
  void session.restore();
  preloadRoute(window.location.pathname + window.location.search + window.location.hash, session.apiContext);
}
// The stored language's messages first (zh-CN is built in; en loads on demand), then the app.
void loadLocaleMessages(storedLocale())
  .catch(() => undefined)
  .finally(() => {
    app.mount('#app');
    // Performance marks of opening a page (cf:app-mounted, cf:editor-setup, cf:workflow-fetch,
    // cf:fitted, cf:workflow-loaded): a timeline in DevTools or performance.getEntriesByType('mark').
    performance.mark('cf:app-mounted');
  });
