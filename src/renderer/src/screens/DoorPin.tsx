import { Button, Group, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { bridge } from '../bridge';

/** The PIN for the card just read at the door (when the branch's door policy asks for one). */
export function DoorPin() {
  const { t } = useTranslation();
  const [pin, setPin] = useState('');
  return (
    <form
      className="pin-form door-pin"
      onSubmit={(e) => {
        e.preventDefault();
        // The answer comes back as a kiosk.door event (shown above); clear the field either way.
        void bridge.invoke('kiosk.doorPin', { pin }).then(() => setPin(''));
      }}
    >
      <Group align="flex-end" gap="md">
        <TextInput
          label={t('kiosk.pin.title')}
          type="password"
          inputMode="numeric"
          autoComplete="off"
          value={pin}
          maxLength={8}
          onChange={(e) => setPin(e.currentTarget.value.replace(/\D/g, ''))}
          autoFocus
          size="xl"
        />
        <Button type="submit" size="xl">
          {t('kiosk.pin.submit')}
        </Button>
      </Group>
    </form>
  );
}
