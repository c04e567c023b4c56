import type { ErrorCode } from '@/utils/errors';

/**
 * What makes a good photo for a try-on. The guide shows every tip; a failure that depends on the
 * photo shows the ones that would have avoided it. Each tip's sentence is the message `guide_<tip>`.
 */
export const guideTips = ['full_length', 'alone', 'plain_background', 'good_light'] as const;
export type GuideTip = (typeof guideTips)[number];

const adviceByCode: Partial<Record<ErrorCode, readonly GuideTip[]>> = {
  abort_no_people: ['full_length', 'good_light', 'plain_background'],
  abort_too_many_people: ['alone'],
  abort_child: ['alone'],
  abort_target_area: ['full_length'],
};

/** The guide's tips that answer this failure; none when it does not depend on the photo. */
export function adviceFor(code: ErrorCode): readonly GuideTip[] {
  return adviceByCode[code] ?? [];
}
