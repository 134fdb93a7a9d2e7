import { createPinia } from 'pinia';
import { createApp } from 'vue';
// Styles of the element-plus services used through functions (ElMessage, ElMessageBox); components
// get theirs on demand from unplugin-vue-components.
import 'element-plus/theme-chalk/base.css';
import 'element-plus/es/components/message/style/css';
import 'element-plus/es/components/message-box/style/css';
import App from './App.vue';
import { i18n, loadLocaleMessages, storedLocale } from './i18n';
import { router } from './router';
import './styles.css';

const app = createApp(App);
app.use(createPinia());
app.use(i18n);
app.use(router);
// The stored language's messages first (zh-CN is built in; en loads on demand), then the app.
void loadLocaleMessages(storedLocale())
  .catch(() => undefined)
  .finally(() => {
    app.mount('#app');
    // Performance marks of opening a page (cf:app-mounted, cf:editor-setup, cf:workflow-fetch,
    // cf:fitted, cf:workflow-loaded): a timeline in DevTools or performance.getEntriesByType('mark').
    performance.mark('cf:app-mounted');
  });
