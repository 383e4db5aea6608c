import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { BorrowerPage } from '../../../../shared/ipc/contract';
import { formatMoney } from '../../format';

/** Where the loans, holds and fees below come from when a library system (SIP2) is the authority, and a warning when they may be out of date. */
export function CirculationSource({ page }: { page: BorrowerPage }) {
  const { t, i18n } = useTranslation();
  const source = page.circulationSource;
  if (!source) return null;
  if (source.from === 'register') {
    return (
      <Text size="sm" fw={600} className="warning" role="status" mb="xs" data-testid="circulation-source">
        {t(source.reason === 'unreachable' ? 'desk.circ.source.stale' : 'desk.circ.source.unknownPatron')}
      </Text>
    );
  }
  return (
    <Text size="sm" mb="xs" data-testid="circulation-source">
      {t('desk.circ.source.libraryLabel')} {t('desk.circ.source.feesTotal', { amount: formatMoney(source.feesCents, source.currency, i18n.language) })}
    </Text>
  );
}
