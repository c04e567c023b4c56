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
  let onRefused: ReturnType<typeof vi.fn<() => void>>;
  let root: ShadowRoot | undefined;

  beforeEach(async () => {
    fakeBrowser.reset();
    document.body.innerHTML = '<h1>Product</h1>';
    ctx = new ContentScriptContext('product');
    onActivate = vi.fn<() => void>();
    onRefused = vi.fn<() => void>();
    // The root is closed: the test keeps the one the button attaches, as no page script can.
    const attach = Element.prototype.attachShadow;
    vi.spyOn(Element.prototype, 'attachShadow').mockImplementation(function (this: Element, init: ShadowRootInit) {
      root = attach.call(this, init);
      return root;
    });
    button = await createTryOnButton(ctx, { label: 'Try on', onActivate, onRefused });
    button.place({ kind: 'floating', corner: 'bottom-right' });
  });

  afterEach(() => {
    ctx.abort();
    vi.restoreAllMocks();
  });

  const inner = () => root!.querySelector('button')!;

  it('sits in a closed shadow root', () => {
    expect(button.host!.shadowRoot).toBeNull();
    expect(inner().textContent).toBe('Try on');
  });

  it('ignores every click a page script makes, and judges a click the browser marks as the user\'s', () => {
    inner().click();
    button.host!.click();
    inner().dispatchEvent(new MouseEvent('click', { bubbles: true, composed: true, cancelable: true }));
    inner().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true }));
    expect(onActivate).not.toHaveBeenCalled();
    expect(onRefused).not.toHaveBeenCalled();

    // This DOM lays nothing out, so the button has no size on screen: the click check refuses it as
    // tampered with (the e2e tests click the real, drawn button).
    inner().dispatchEvent(trustedClick());
    expect(onActivate).not.toHaveBeenCalled();
    expect(onRefused).toHaveBeenCalledTimes(1);
  });
});
