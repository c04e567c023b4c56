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

  it("names the wait and the refused redirect's host from the error's params, in the shopper's language", () => {
    useLocale('de');
    render(<ErrorNotice error={{ code: 'api_unavailable', message: 'raw', params: { retryAfterS: 30 } }} />, dom.root);
    expect(dom.root.textContent).toBe('Der Anprobe-Dienst ist ausgelastet oder wird gewartet. Versuchen Sie es in 30 Sekunden erneut.');
    const onAction = vi.fn();
    render(<ErrorNotice error={{ code: 'api_bad_response', message: 'raw', params: { redirectedBy: 'api.elsewhere.example' } }} onAction={onAction} />, dom.root);
    expect(dom.root.querySelector('.error-notice__sentence')?.textContent).toBe(
      'api.elsewhere.example hat die Anfrage an eine andere Adresse umgeleitet. Die Erweiterung sendet sie nur an die Adresse in den Einstellungen: Prüfen Sie diese Adresse.',
    );
    // A wrong address is fixed in the settings, not by trying again.
    dom.root.querySelector('button')!.click();
    expect(onAction).toHaveBeenCalledWith('open_settings');
  });

  it('after a delete, says the local copy is gone, that the extension retries by itself, and where to look', () => {
    render(<ErrorNotice error={{ code: 'remote_delete_failed', message: 'raw' }} />, dom.root);
    const sentence = dom.root.textContent!;
    expect(sentence).toMatch(/^Deleted from this device, but not yet from the try-on service/);
    expect(sentence).toContain('the extension tries again by itself');
    expect(sentence).toContain('“Copies at Aiuta” in the History tab');
    expect(sentence).not.toContain('Please try again');
  });

  it("shows the service's own words only as a labelled detail beside the translated sentence", () => {
    useLocale('fr');
    render(<ErrorNotice error={{ code: 'api_validation', message: 'raw', params: { detail: 'sku_id: field required' } }} />, dom.root);
    expect(dom.root.querySelector('.error-notice__sentence')?.textContent).not.toContain('sku_id');
    expect(dom.root.querySelector('.error-notice__detail')?.textContent).toBe('Le service a indiqué : sku_id: field required');
    expect(dom.root.querySelector('.error-notice__detail q')?.textContent).toBe('sku_id: field required');
  });

  it('speaks German when the browser does', () => {
    useLocale('de');
    render(<ErrorNotice error={{ code: 'not_configured', message: 'raw' }} onAction={() => undefined} />, dom.root);
    expect(dom.root.textContent).toContain('Der Anprobe-Dienst ist noch nicht eingerichtet.');
    expect(dom.root.querySelector('button')?.textContent).toBe('Einstellungen öffnen');
  });
});
