import { Paper, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CirculationOutcome } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { ItemScanForm } from './ItemScanForm';

/** Returns at the desk: no borrower needed, one item after the other from the scanner. */
export function CheckinView() {
  const { t } = useTranslation();
  const [done, setDone] = useState<CirculationOutcome[]>([]);
  return (
    <section aria-labelledby="checkin-title">
      <Title order={2} id="checkin-title" mb="sm">
        {t('desk.checkin.title')}
      </Title>
      <Paper withBorder p="md">
        <Stack>
          <Text size="sm">{t('desk.checkin.hint')}</Text>
          <ItemScanForm
            label={t('desk.circ.itemBarcode')}
            submitLabel={t('desk.circ.checkin')}
            testId="checkin"
            run={(itemId, language) => bridge.invoke('desk.checkin', { itemId, language })}
            onDone={(outcome) => setDone((list) => [outcome, ...list].slice(0, 50))}
          />
          {done.length === 0 ? (
            <Text size="sm">{t('desk.checkin.none')}</Text>
          ) : (
            <ul data-testid="checkin-list">
              {done.map((o, i) => (
                <li key={`${o.itemId}-${done.length - i}`} className={o.ok ? undefined : 'warning'}>
                  {o.itemId}: {o.message}
                </li>
              ))}
            </ul>
          )}
        </Stack>
      </Paper>
    </section>
  );
}
