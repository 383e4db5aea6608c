import { useTranslation } from 'react-i18next';

/**
 * Names of reference data in the page language (src/shared/i18n/reference-messages.ts), by code. The data's
 * own name is kept only for a code we have no words for (a user group a register administrator made).
 */
export function useReferenceNames() {
  const { t, i18n } = useTranslation();
  const name = (key: string, fallback: string) => (i18n.exists(key) ? t(key) : fallback);
  return {
    profile: (id: string, label: string) => name(`reference.profile.${id}`, label),
    group: (code: string, groupName: string) => name(`reference.group.${code}`, groupName),
    auditAction: (action: string) => name(`reference.auditAction.${action}`, action),
    doorReason: (reason: string) => name(`reference.doorReason.${reason}`, reason),
  };
}
