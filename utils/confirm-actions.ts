/**
 * Panel actions that upload, spend or delete by themselves, and so are confirmed in a window of their
 * own where the panel cannot prove it is visible: starting a try-on, retrying one, deleting the photo.
 * Shared by the panel's gate (components/panel/action-gate.ts) and the background's confirmations.
 */
export const confirmActions = ['start', 'retry', 'delete_photo'] as const;
export type ConfirmAction = (typeof confirmActions)[number];
