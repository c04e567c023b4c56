// @vitest-environment happy-dom
import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it } from 'vitest';
import { FailureView } from '@/components/panel/FailureView';
import { adviceFor, guideTips } from '@/components/photo/photo-guide';
import { PhotoGuide } from '@/components/photo/PhotoGuide';
import { errorCodes } from '@/utils/errors';
import { localeMessages, localeNames } from '../../support/locale';
import { useRenderRoot } from '../../support/render-root';

const dom = useRenderRoot();
const tipsShown = () => [...dom.root.querySelectorAll('[data-tip]')].map((item) => item.getAttribute('data-tip'));

describe('the guide to a good photo', () => {
  it('maps each failure caused by the photo to the tips that answer it, and nothing else to any', () => {
    expect(adviceFor('abort_no_people')).toEqual(['full_length', 'good_light', 'plain_background']);
    expect(adviceFor('abort_too_many_people')).toEqual(['alone']);
    expect(adviceFor('abort_child')).toEqual(['alone']);
    expect(adviceFor('abort_target_area')).toEqual(['full_length']);
    const photoCauses = new Set(['abort_no_people', 'abort_too_many_people', 'abort_child', 'abort_target_area']);
    for (const code of errorCodes.filter((code) => !photoCauses.has(code))) expect({ code, tips: adviceFor(code) }).toEqual({ code, tips: [] });
  });

  it.each(localeNames())('has a %s sentence for every tip', (lang) => {
    const messages = localeMessages(lang);
    for (const tip of guideTips) expect(messages[`guide_${tip}`]?.message, tip).toBeTruthy();
  });

  it('is open with every tip for a first photo, its drawing hidden from screen readers; the toggle opens and closes it', async () => {
    render(<PhotoGuide firstTime />, dom.root);
    expect(tipsShown()).toEqual([...guideTips]);
    expect(dom.root.querySelector('li[data-tip="full_length"]')?.textContent).toMatch(/^Full length: your whole body/);
    expect(dom.root.querySelector('svg')?.getAttribute('aria-hidden')).toBe('true');
    const toggle = dom.root.querySelector<HTMLButtonElement>('button')!;
    expect(toggle.textContent).toBe('Photo tips');
    expect(toggle.getAttribute('aria-expanded')).toBe('true');
    await act(() => toggle.click());
    expect(toggle.getAttribute('aria-expanded')).toBe('false');
    expect(tipsShown()).toEqual([]);
  });

  it('is closed behind "Photo tips" once the shopper has a photo', async () => {
    render(<PhotoGuide firstTime={false} />, dom.root);
    expect(tipsShown()).toEqual([]);
    await act(() => dom.root.querySelector<HTMLButtonElement>('button')!.click());
    expect(tipsShown()).toEqual([...guideTips]);
  });
});

describe('advice beside "Change photo"', () => {
  it('shows the guide\'s own tips for a photo the service refused', () => {
    render(<FailureView error={{ code: 'abort_too_many_people', message: 'x' }} onAction={() => undefined} onBack={() => undefined} />, dom.root);
    expect(dom.root.querySelector('[data-action="change_photo"]')).not.toBeNull();
    expect(tipsShown()).toEqual(['alone']);
    expect(dom.root.querySelector('li[data-tip="alone"]')?.textContent).toBe(localeMessages('en').guide_alone!.message);
  });

  it('shows none for a failure the photo did not cause', () => {
    render(<FailureView error={{ code: 'api_unavailable', message: 'x' }} onAction={() => undefined} onBack={() => undefined} />, dom.root);
    expect(tipsShown()).toEqual([]);
  });
});
