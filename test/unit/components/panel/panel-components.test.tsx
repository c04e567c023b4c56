// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { CatalogNotice } from '@/components/panel/CatalogNotice';
import { ManualSkuForm } from '@/components/panel/ManualSkuForm';
import { ProgressView } from '@/components/panel/ProgressView';
import { JobList } from '@/components/jobs/JobList';
import { focusables } from '@/components/panel/use-focus-trap';
import { jobFixture } from '../../support/jobs';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();

describe('ManualSkuForm', () => {
  it('submits a trimmed code and refuses an empty one with a sentence', async () => {
    const onSubmit = vi.fn();
    render(<ManualSkuForm reason="not_found" onSubmit={onSubmit} />, dom.root);
    const form = dom.root.querySelector('form')!;
    await act(() => {
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(onSubmit).not.toHaveBeenCalled();
    expect(dom.root.querySelector('[role="alert"]')?.textContent).toBe('Enter a product code of at most 128 characters.');
    const input = dom.root.querySelector<HTMLInputElement>('input')!;
    input.value = '  SKU-42 ';
    await act(() => {
      input.dispatchEvent(new Event('input', { bubbles: true }));
    });
    await act(() => {
      form.dispatchEvent(new Event('submit', { cancelable: true }));
    });
    expect(onSubmit).toHaveBeenCalledWith('SKU-42');
  });
});

describe('catalog check in the panel', () => {
  it('says an item is not available and lists the ids tried above the manual code entry', () => {
    render(<ManualSkuForm reason="not_available" tried={['FJ-1', '4006381333900']} onSubmit={() => undefined} />, dom.root);
    expect(dom.root.querySelector('[role="status"]')?.textContent).toMatch(/^This item is not available for virtual try-on/);
    expect(dom.root.querySelector('[data-testid="sku-tried"]')?.textContent).toBe('Codes tried: FJ-1, 4006381333900');
    expect(dom.root.querySelector('input[name="sku"]')).not.toBeNull();
  });

  it('shows checking, available, preparing with its progress, and a failed check with its fix', async () => {
    const onAction = vi.fn();
    const show = (catalog: Parameters<typeof CatalogNotice>[0]['catalog'], now = 0) => {
      render(<CatalogNotice catalog={catalog} now={now} onAction={onAction} />, dom.root);
      return dom.root.textContent;
    };
    expect(show({ status: 'unchecked' })).toBe('');
    expect(show({ status: 'checking' })).toMatch(/^Checking that this item can be tried on/);
    expect(show({ status: 'ready' })).toBe('Available for virtual try-on.');
    expect(show({ status: 'preparing', retryAfterS: 5, since: 1_000, checks: 3 }, 13_400)).toContain('Preparing this item for try-on (first time only)');
    expect(dom.root.textContent).toContain('Preparing for 12 s; checks so far: 3.');
    expect(dom.root.querySelector('progress')).not.toBeNull();
    show({ status: 'failed', error: { code: 'catalog_unreachable', message: 'down' } });
    const fix = dom.root.querySelector<HTMLButtonElement>('[data-action]')!;
    expect(fix.dataset.action).toBe('retry');
    await act(() => fix.click());
    expect(onAction).toHaveBeenCalledWith('retry');
    show({ status: 'failed', error: { code: 'catalog_refused', message: 'no' } });
    expect(dom.root.querySelector<HTMLButtonElement>('[data-action]')!.dataset.action).toBe('open_settings');
  });
});

describe('focus trap', () => {
  it('lists what Tab can reach, skipping disabled and hidden controls', () => {
    dom.root.innerHTML = `<button id="a">A</button><button disabled>B</button><div hidden><button>C</button></div>
      <input id="d"><input type="hidden"><a href="#x" id="e">E</a><span tabindex="-1">F</span>`;
    expect(focusables(dom.root).map((element) => element.id)).toEqual(['a', 'd', 'e']);
  });
});

describe('a try-on whose status requests go unanswered', () => {
  const job = jobFixture({ status: 'generating', createdAt: 1_000, operationId: 'op-1' });
  const silent = { ...job, serviceSilentSince: 1_800 };

  it('says so in the panel\'s status region, under the stage, and not otherwise', () => {
    render(<ProgressView job={job} now={20_000} cancelling={false} onCancel={() => undefined} />, dom.root);
    expect(dom.root.querySelector('[role="status"]')?.textContent).toBe('Generating the picture');
    render(<ProgressView job={silent} now={20_000} cancelling={false} onCancel={() => undefined} />, dom.root);
    expect(dom.root.querySelector('[role="status"]')?.textContent).toBe('Generating the picture' + 'The try-on service is slow to answer right now. Still trying…');
    expect(dom.root.querySelector('.progress__silent')?.textContent).toBe('The try-on service is slow to answer right now. Still trying…');
  });

  it('says so in the popup\'s list of try-ons while the try-on runs', () => {
    const onCancel = async () => undefined;
    render(<JobList jobs={[silent]} now={20_000} onCancel={onCancel} />, dom.root);
    expect(dom.root.querySelector('.job__status')?.textContent).toBe('Creating the picture…The try-on service is slow to answer right now. Still trying…');
    render(<JobList jobs={[job]} now={20_000} onCancel={onCancel} />, dom.root);
    expect(dom.root.querySelector('.job__status')?.textContent).toBe('Creating the picture…');
  });
});
