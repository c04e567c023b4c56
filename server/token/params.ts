import type { z } from 'zod';

/** The token request lives in the shared contracts; the server adds what only it needs. */
export {
  catalogNameSchema,
  ID_PATTERN,
  idSchema,
  installIdSchema,
  MAX_SKUS_PER_TRY_ON,
  SKU_PATTERN,
  skuIdSchema,
  subscriptionIdSchema,
  TOKEN_OPERATIONS,
  tokenRequestSchema,
} from '../../utils/contracts/token-request';
export type { TokenOperation, TokenRequest } from '../../utils/contracts/token-request';
/** A token request that passed `tokenRequestSchema`. */
export type { TokenRequest as TokenParams } from '../../utils/contracts/token-request';

/** One readable sentence from zod's issues, e.g. "sku_ids: Too big: expected array to have <=5 items". */
export function describeIssues(error: z.ZodError): string {
  const parts = error.issues.slice(0, 3).map((issue) => {
    const where = issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    return `${where}${issue.message}`;
  });
  return parts.join('; ');
}
