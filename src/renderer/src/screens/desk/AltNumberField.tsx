import { Button, Group } from '@mantine/core';
import { useState } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { bridge } from '../../bridge';
import { TextField } from '../../components/fields';

/**
 * The Danish alternative borrower number (seed 002), typed or generated ("Generate number": the register allocates one,
 * src/shared/desk/alt-number.ts), the same at registration and on the borrower's page. A refused generation (offline)
 * is shown on the field through `onRefused`. Numbers are generated for those who may set one (`canGenerate`, from
 * desk.options `generatesAltNumbers`): Danish libraries' staff and central register staff at their office; an
 * administrator elsewhere looking at a Danish borrower gets no button.
 */
export function AltNumberField({
  field,
  error,
  onGenerated,
  onRefused,
  canGenerate = true,
}: {
  field: UseFormRegisterReturn;
  error: string | undefined;
  onGenerated: (altNumber: string) => void;
  onRefused: (message: string) => void;
  canGenerate?: boolean;
}) {
  const { t } = useTranslation();
  const [busy, setBusy] = useState(false);
  const generate = async () => {
    setBusy(true);
    const result = await bridge.invoke('desk.generateAltNumber', {});
    setBusy(false);
    if (result.ok) onGenerated(result.value.altNumber);
    else onRefused(result.error.code);
  };
  return (
    <Group align="flex-end" wrap="nowrap">
      <TextField label={t('desk.field.altNumber')} error={error} autoComplete="off" inputMode="numeric" style={{ flex: 1 }} {...field} />
      {canGenerate && (
        <Button variant="default" loading={busy} onClick={() => void generate()} mb={error ? 22 : 0}>
          {t('desk.altNumber.generate')}
        </Button>
      )}
    </Group>
  );
}
