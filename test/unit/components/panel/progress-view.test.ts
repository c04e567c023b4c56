import { describe, expect, it } from 'vitest';
import { stageState, stagesFor } from '@/components/panel/ProgressView';
import { formatElapsed } from '@/components/panel/elapsed';

describe('progress of a try-on', () => {
  const saved = { kind: 'saved' } as const;
  const model = { kind: 'model', imageId: 'm1' } as const;

  it('has an upload stage only for the shopper\'s own photo', () => {
    expect(stagesFor({ photo: saved })).toEqual(['uploading', 'generating']);
    expect(stagesFor({ photo: model })).toEqual(['generating']);
  });

  it('marks stages done, active or waiting from the job status', () => {
    expect(stageState('uploading', { status: 'queued', photo: saved })).toBe('waiting');
    expect(stageState('uploading', { status: 'uploading', photo: saved })).toBe('active');
    expect(stageState('generating', { status: 'uploading', photo: saved })).toBe('waiting');
    expect(stageState('uploading', { status: 'generating', photo: saved })).toBe('done');
    expect(stageState('generating', { status: 'generating', photo: saved })).toBe('active');
    expect(stageState('generating', { status: 'done', photo: model })).toBe('done');
  });

  it('shows elapsed time as a clock', () => {
    expect(formatElapsed(0)).toBe('0:00');
    expect(formatElapsed(7_400)).toBe('0:07');
    expect(formatElapsed(135_000)).toBe('2:15');
    expect(formatElapsed(3_723_000)).toBe('1:02:03');
    expect(formatElapsed(-5_000)).toBe('0:00');
  });
});
