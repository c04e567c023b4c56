// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ContentScriptContext } from 'wxt/utils/content-script-context';
import { createTryOnButton, type TryOnButton } from '@/utils/page/try-on-button';

/** A click event as the browser makes it for a person's click (page scripts cannot make one). */
function trustedClick(): MouseEvent {
  const event = new MouseEvent('click', { bubbles: true, composed: true, cancelable: true });
  Object.defineProperty(event, 'isTrusted', { value: true });
  return event;
}

describe('the Try on button', () => {
  let ctx: ContentScriptContext;
  let button: TryOnButton;
  let onActivate: ReturnType<typeof vi.fn<() => void>>;

  beforeEach(async () => {
    fakeBrowser.reset();
    document.body.innerHTML = '<h1>Product</h1>';
    ctx = new ContentScriptContext('product');
    onActivate = vi.fn<() => void>();
    button = await createTryOnButton(ctx, { label: 'Try on', onActivate });
    button.place({ kind: 'floating', corner: 'bottom-right' });
  });

  afterEach(() => ctx.abort());

  const inner = () => button.host!.shadowRoot!.querySelector('button')!;

  it("ignores every click a page script makes, and activates on a click the browser marks as the user's", () => {
    inner().click();
    button.host!.click();
    inner().dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    inner().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(onActivate).not.toHaveBeenCalled();

    inner().dispatchEvent(trustedClick());
    expect(onActivate).toHaveBeenCalledTimes(1);
  });
});
