import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../../bridge';

/** Staff leave the locked-down kiosk with their PIN; nothing else gets out of it. */
export function StaffExit() {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  const [pin, setPin] = useState('');
  // Wrong PIN, or the main process's localized "try again in …" while the exit is locked.
  const [message, setMessage] = useState<string | undefined>();
  if (!open) {
    return (
      <Button variant="subtle" color="gray" size="md" className="staff-button" onClick={() => setOpen(true)}>
        {t('kiosk.staff')}
      </Button>
    );
  }
  return (
    <form
      className="staff-exit"
      onSubmit={(e) => {
        e.preventDefault();
        void bridge.invoke('kiosk.staffExit', { pin }).then((r) => {
          setPin('');
          setMessage(!r.ok ? r.error.message : r.value.ok ? undefined : t('kiosk.staff.wrong'));
        });
      }}
    >
      <Group align="flex-end" gap="xs">
        <TextInput size="md" label={t('kiosk.staff.pin')} type="password" value={pin} onChange={(e) => setPin(e.currentTarget.value)} autoComplete="off" />
        <Button type="submit" size="md">
          {t('kiosk.staff.exit')}
        </Button>
        <Button variant="outline" size="md" onClick={() => setOpen(false)}>
          {t('kiosk.back')}
        </Button>
      </Group>
      {message && (
        <p role="alert" className="refusal">
          {message}
        </p>
      )}
    </form>
  );
}
