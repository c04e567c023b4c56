import { useEffect, useRef, useState } from 'preact/hooks';

export interface FocusAfterDelete {
  /** Whether focus is inside `item`, the list item about to be deleted: ask before the delete starts. */
  holds(item: Element | null | undefined): boolean;
  /**
   * After a delete from an item that held focus, once the list has its new items: focus goes to the
   * Delete button now at `index` (where the deleted item was), the last one's when `index` is past
   * the end, or to the place for an empty list.
   */
  restore(index: number): void;
}

/**
 * A list whose items each have a Delete button: the button goes away with its item, and focus would
 * drop to the page's body (the next Tab starting again from the top). Focus goes instead to the next
 * item's Delete button, the previous one's after the last, or `whenEmpty` (a place that stays when
 * the list is empty). `buttons` lists the Delete buttons as shown. Focus moves only when it was
 * lost: if the shopper moved on meanwhile, it stays.
 */
export function useFocusAfterDelete(buttons: () => HTMLElement[], whenEmpty: () => HTMLElement | null | undefined): FocusAfterDelete {
  const pending = useRef<number | null>(null);
  const places = useRef({ buttons, whenEmpty });
  places.current = { buttons, whenEmpty };
  const [restores, setRestores] = useState(0);

  // Runs after the render that follows `restore`, which shows the list without the deleted item.
  useEffect(() => {
    const index = pending.current;
    if (index === null) return;
    pending.current = null;
    const active = document.activeElement;
    if (active && active !== document.body && active.isConnected) return;
    const shown = places.current.buttons();
    (shown[Math.min(index, shown.length - 1)] ?? places.current.whenEmpty())?.focus();
  }, [restores]);

  return {
    holds: (item) => Boolean(item && document.activeElement && item.contains(document.activeElement)),
    restore(index) {
      pending.current = index;
      setRestores((count) => count + 1);
    },
  };
}
