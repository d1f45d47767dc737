import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/theme-chalk/base.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { onUnauthorized } from './api/client';
import { useAuthStore } from './stores/auth';

const app = createApp(App);
const pinia = createPinia();
app.use(pinia).use(i18n).use(router);

const auth = useAuthStore(pinia);

// A 401 from any API call: the session is gone, go back to /login (and come back here afterwards).
onUnauthorized(() => {
  auth.clear();
  const current = router.currentRoute.value;
  if (current.name !== 'login') {
    void router.replace({ name: 'login', query: { redirect: current.fullPath } });
  }
});

// Realtime runs only while signed in; socket.io-client is loaded on demand, not on the login page.
let stopRealtime: (() => void) | null = null;
watch(
  () => auth.user?.id,
  async (userId) => {
    stopRealtime?.();
    stopRealtime = null;
    if (userId === undefined) return;
    const { startRealtime } = await import('./realtime/connector');
    if (auth.user?.id === userId && !stopRealtime) stopRealtime = startRealtime(pinia);
  },
  { immediate: true },
);

void router.isReady().then(() => app.mount('#app'));
