import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';

type DoorPolicyInfo = Response<'hardware.doorPolicy'>;

/**
 * Which rules the door follows: the register's access policy for this branch (it wins) or the opening
 * hours below. Re-read when `refreshKey` changes (the local settings were saved) or the register synced.
 */
export function DoorPolicySource({ refreshKey }: { refreshKey: string | undefined }) {
  const { t, i18n } = useTranslation();
  const [info, setInfo] = useState<DoorPolicyInfo>(null);
  useEffect(() => {
    let live = true;
    void bridge.invoke('hardware.doorPolicy', {}).then((result) => {
      if (live && result.ok) setInfo(result.value);
    });
    return () => {
      live = false;
    };
  }, [refreshKey]);
  if (!info) return null;
  return (
    <p className="hint" data-testid="door-policy-source">
      {info.source === 'register'
        ? t('hardware.policy.register', {
            scope: info.scopeId ?? info.branchId,
            version: info.version ?? 0,
            updated: info.updatedAt ? formatDateTime(info.updatedAt, i18n.language) : '',
          })
        : info.source === 'local'
          ? t('hardware.policy.local', { branch: info.branchId })
          : t('hardware.policy.none', { branch: info.branchId })}
    </p>
  );
}
