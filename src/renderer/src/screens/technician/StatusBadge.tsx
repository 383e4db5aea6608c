import { useTranslation } from 'react-i18next';
import type { DeviceStatus } from '../../../../shared/ipc/contract';

/** A device's status in words (never colour alone). */
export function StatusBadge({ status, testId }: { status: DeviceStatus | undefined; testId?: string }) {
  const { t } = useTranslation();
  const value = status ?? 'disconnected';
  return (
    <span className={`status status-${value}`} data-testid={testId} data-status={value}>
      {t(`hardware.status.${value}`)}
    </span>
  );
}
