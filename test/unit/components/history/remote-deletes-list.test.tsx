// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { remoteDeleteLines } from '@/components/history/remote-deletes';
import { RemoteDeletesList } from '@/components/history/RemoteDeletesList';
import type { PendingDelete } from '@/utils/storage';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();
const target = { apiBaseUrl: 'https://api.example/v1', subscriptionId: 'sub-1' };
const records: PendingDelete[] = [
  { kind: 'generated', id: 'g-done', target, tries: 1, state: 'deleted', label: 'Linen Shirt', updatedAt: 3 },
  { kind: 'uploaded', id: 'u-wait', target, tries: 2, state: 'pending', updatedAt: 2 },
  { kind: 'generated', id: 'g-stuck', target, tries: 5, state: 'failed', label: 'Jeans', updatedAt: 1 },
  { kind: 'operation', id: 'op-1', target, tries: 0, state: 'pending', label: 'Scarf', updatedAt: 4 },
];

describe('the history says what became of the copies at Aiuta', () => {
  it('lists what could not be deleted first, then what waits, then what is gone, each in plain words', async () => {
    await act(() => render(<RemoteDeletesList lines={remoteDeleteLines(records)} onRetry={async () => undefined} />, dom.root));
    const lines = [...dom.root.querySelectorAll('[data-testid="remote-delete"]')].map((li) => li.textContent?.replace(/\s+/g, ' ').trim());
    expect(lines).toEqual([
      'Result: Jeans · could not be deletedRetry',
      'Cancelled try-on: Scarf · will be deleted at Aiuta once the service has made it',
      'Your uploaded photo · will be deleted when the service is reachable',
      'Result: Linen Shirt · deleted at Aiuta',
    ]);
  });

  it('offers Retry only for what could not be deleted, and retries that one', async () => {
    const retried: string[][] = [];
    await act(() => render(<RemoteDeletesList lines={remoteDeleteLines(records)} onRetry={async (ids) => void retried.push(ids)} />, dom.root));
    const buttons = [...dom.root.querySelectorAll('button')];
    expect(buttons.map((button) => button.getAttribute('aria-label'))).toEqual(['Retry deleting Result: Jeans']);
    await act(() => buttons[0]!.click());
    expect(retried).toEqual([['g-stuck']]);
  });

  it('shows nothing when nothing was ever deleted', async () => {
    await act(() => render(<RemoteDeletesList lines={[]} onRetry={async () => undefined} />, dom.root));
    expect(dom.root.textContent).toBe('');
  });
});
