// 密钥管理: the personal-data keys (never their bytes), the master key's check value, and a rotation: a new
// data key becomes active once every server has it, then old rows are re-encrypted in batches. While a
// rotation runs its progress is re-read every few seconds.
import { computed, onBeforeUnmount, ref } from 'vue';
import { useI18n } from 'vue-i18n';
import { ElMessage } from 'element-plus';
import 'element-plus/es/components/message/style/css';
import { ApiError } from '../../../api/client';
import { keysApi, type KeyStatus } from '../../../api/security';

const POLL_MS = 3000;

export function useKeys() {
  const { t } = useI18n();
  const status = ref<KeyStatus | null>(null);
  const loading = ref(false);
  const rotating = ref(false);
  const error = ref('');
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;

  const rotation = computed(() => status.value?.rotation ?? null);
  const running = computed(() => !!rotation.value && !rotation.value.finishedAt);
  const percent = computed(() => {
    const r = rotation.value;
    if (!r) return 0;
    if (r.finishedAt) return 100;
    return r.total > 0 ? Math.min(100, Math.floor((r.done / r.total) * 100)) : 0;
  });

  async function load(): Promise<void> {
    clearTimeout(timer);
    loading.value = !status.value;
    try {
      status.value = await keysApi.status();
      error.value = '';
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      loading.value = false;
      if (running.value && !stopped) timer = setTimeout(() => void load(), POLL_MS);
    }
  }

  async function rotate(): Promise<void> {
    rotating.value = true;
    try {
      await keysApi.rotate();
      ElMessage.success(t('security.keys.started'));
    } catch (e) {
      ElMessage.error(
        e instanceof ApiError && e.code === 'ROTATION_IN_PROGRESS'
          ? t('security.keys.inProgress')
          : e instanceof Error
            ? e.message
            : String(e),
      );
    } finally {
      rotating.value = false;
      await load();
    }
  }

  onBeforeUnmount(() => {
    stopped = true;
    clearTimeout(timer);
  });

  return { status, rotation, running, percent, loading, rotating, error, load, rotate };
}
