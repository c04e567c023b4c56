// @vitest-environment happy-dom
import { render } from 'preact';
import { describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing';
import { ErrorNotice } from '@/components/ErrorNotice';
import { useLocale } from '../support/locale';
import { useRenderRoot } from '../support/render-root';

const dom = useRenderRoot();

describe('ErrorNotice', () => {
  it('says the translated sentence for the code and offers the action that fixes it', async () => {
    const onAction = vi.fn();
    render(<ErrorNotice error={{ code: 'abort_no_people', message: 'raw' }} onAction={onAction} />, dom.root);
    expect(dom.root.querySelector('[role="alert"]')?.textContent).toContain("We couldn't find a person in this photo.");
    const button = dom.root.querySelector('button')!;
    expect(button.textContent).toBe('Change photo');
    button.click();
    expect(onAction).toHaveBeenCalledWith('change_photo');
  });

  it('falls back to the sentence the error carries when a language lacks the code', () => {
    fakeBrowser.i18n.getMessage = (() => '') as never;
    render(<ErrorNotice error={{ code: 'api_error', message: 'The service said no.' }} />, dom.root);
    expect(dom.root.textContent).toContain('The service said no.');
    expect(dom.root.querySelector('button')).toBeNull();
  });

  it('speaks German when the browser does', () => {
    useLocale('de');
    render(<ErrorNotice error={{ code: 'not_configured', message: 'raw' }} onAction={() => undefined} />, dom.root);
    expect(dom.root.textContent).toContain('Der Anprobe-Dienst ist noch nicht eingerichtet.');
    expect(dom.root.querySelector('button')?.textContent).toBe('Einstellungen öffnen');
  });
});
