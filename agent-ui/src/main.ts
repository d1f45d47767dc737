import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import 'element-plus/theme-chalk/base.css';
import './styles.css';
import App from './App.vue';
import { router } from './router';
import { i18n } from './i18n';
import { onRestricted, onUnauthorized } from './api/client';
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

// A call refused because a password change or TOTP set-up became due (the password expired meanwhile):
// re-read the account; the router guard then keeps the user on the page that lifts the restriction.
onRestricted(() => {
  void auth.refresh().then(() => {
    const { path, query, hash } = router.currentRoute.value;
    return router.replace({ path, query, hash, force: true });
  });
});

// Realtime runs only while signed in (and not restricted: the server refuses the socket until the password
// change or TOTP set-up is done); socket.io-client is loaded on demand, not on the login page.
let stopRealtime: (() => void) | null = null;
watch(
  () => (auth.user && !auth.user.restriction ? auth.user.id : undefined),
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
