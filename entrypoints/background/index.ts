import { startBackground } from '@/utils/background/wiring';

export default defineBackground({
  type: 'module',
  main() {
    startBackground();
  },
});
