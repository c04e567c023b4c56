import { useEffect, useState } from 'preact/hooks';
import { sendMessage, type Response, type BackgroundProtocol } from '@/utils/messaging';

export type ConfirmationQuestion = Response<BackgroundProtocol, 'confirm.details'>;

export interface Confirmation {
  /** Undefined while loading, null when the question is gone (answered, timed out, another window). */
  question: ConfirmationQuestion | null | undefined;
  answer(confirmed: boolean): void;
}

/** The question the background opened this window for, and the shopper's one answer to it. */
export function useConfirmation(id: string): Confirmation {
  const [question, setQuestion] = useState<ConfirmationQuestion | null | undefined>(undefined);

  useEffect(() => {
    sendMessage('confirm.details', { id })
      .then(setQuestion)
      .catch(() => setQuestion(null));
  }, [id]);

  return {
    question,
    answer(confirmed) {
      // The background closes this window once it has the answer; closing it here covers a lost reply.
      void sendMessage('confirm.answer', { id, confirmed })
        .catch(() => undefined)
        .finally(() => window.close());
    },
  };
}
