import type { MessageKey } from '../i18n/resources';

/**
 * Why the register refused a push for good (`rejected`), where staff need words for it: the
 * authorization refusals (src/server/sync/authorization.ts) and invalid data. Shown with the desk
 * footer's refused changes; other reasons are shown as the register sent them.
 */
export const refusalMessageKeys = {
  'forbidden-mode': 'sync.refused.forbiddenMode',
  'forbidden-library': 'sync.refused.forbiddenLibrary',
  'forbidden-no-library': 'sync.refused.forbiddenNoLibrary',
  'invalid-payload': 'sync.refused.invalidPayload',
  'invalid-value': 'sync.refused.invalidPayload',
} as const satisfies Record<string, MessageKey>;

export type AuthorizationRefusal = Extract<keyof typeof refusalMessageKeys, `forbidden-${string}`>;

export function refusalMessageKey(reason: string): MessageKey | undefined {
  return Object.hasOwn(refusalMessageKeys, reason) ? refusalMessageKeys[reason as keyof typeof refusalMessageKeys] : undefined;
}
