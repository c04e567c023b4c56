import { ConfirmQuestion } from '@/components/confirm/ConfirmQuestion';
import { useConfirmation } from '@/components/confirm/use-confirmation';

/**
 * The confirmation window: a click in the try-on panel that the panel could not prove the shopper
 * saw (no IntersectionObserver v2) counts only if the shopper confirms it here, where the store page
 * cannot draw anything.
 */
export function App({ id }: { id: string }) {
  const confirmation = useConfirmation(id);
  return <ConfirmQuestion {...confirmation} />;
}
