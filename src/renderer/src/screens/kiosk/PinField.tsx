import { TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** The kiosk's PIN field (sign-in and the door): hidden, digits only, at most eight, large for touch. */
export function PinField({ pin, onChange, className }: { pin: string; onChange: (pin: string) => void; className?: string }) {
  const { t } = useTranslation();
  return (
    <TextInput
      label={t('kiosk.pin.title')}
      type="password"
      inputMode="numeric"
      autoComplete="off"
      value={pin}
      maxLength={8}
      onChange={(e) => onChange(e.currentTarget.value.replace(/\D/g, ''))}
      autoFocus
      size="xl"
      className={className}
    />
  );
}
