import type { Settings } from '@/utils/settings/schema';

/** The fields without which no try-on can start (the API base URL always has a default). */
export const requiredConnectionFields = ['subscriptionId', 'tokenEndpoint'] as const;
export type RequiredConnectionField = (typeof requiredConnectionFields)[number];

/** What is still to fill in before the connection is set up; empty when it is. */
export function missingConnectionFields(settings: Pick<Settings, RequiredConnectionField>): RequiredConnectionField[] {
  return requiredConnectionFields.filter((field) => settings[field].trim() === '');
}

export function isConnectionSetUp(settings: Pick<Settings, RequiredConnectionField>): boolean {
  return missingConnectionFields(settings).length === 0;
}
