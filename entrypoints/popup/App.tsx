import { useEffect, useState } from 'preact/hooks';
import { sendMessage } from '@/utils/messaging';
import { t } from '@/utils/i18n';

export function App() {
  const [version, setVersion] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    sendMessage('ping', {})
      .then((reply) => setVersion(reply.version))
      .catch((cause: Error) => setError(cause.message));
  }, []);

  return (
    <main>
      <h1>{t('popupTitle')}</h1>
      {version && <p data-testid="version">v{version}</p>}
      {error && <p role="alert">{error}</p>}
    </main>
  );
}
