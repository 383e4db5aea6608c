import { Button, Group, Select, Text, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoorOverrideRequest } from '../../../../shared/door/override';
import type { Library } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { DateTimeField } from '../../components/DateField';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useDeskStore } from '../../stores/desk';
import { fieldErrors } from '../technician/controls';
import { toast } from './notices';

/**
 * Staff override of a door of the library (issue 13), on the desk's start page: open once, hold open or lock down until
 * a time, or back to the schedule. Main sends it through the register to that branch's doors.
 */
export function DoorOverridePanel() {
  const { t } = useTranslation();
  const session = useDeskStore((s) => s.session);
  const [branches, setBranches] = useState<Library[]>([]);
  const [branchId, setBranchId] = useState<string | null>(session?.libraryId ?? null);
  const [until, setUntil] = useState('');
  const [error, setError] = useState<AppError>();
  useEffect(() => {
    let live = true;
    void bridge.invoke('desk.options', {}).then((result) => {
      if (live && result.ok) setBranches(result.value.branches);
    });
    return () => {
      live = false;
    };
  }, []);
  if (!session) return null;
  const doors = [{ value: session.libraryId, label: session.libraryName }, ...branches.map((b) => ({ value: b.id, label: b.name }))];
  const send = async (action: DoorOverrideRequest['action']) => {
    setError(undefined);
    // The local date and time typed here, sent as an instant; blank is left out so main says it is missing.
    const at = until.trim() === '' ? undefined : new Date(until);
    const result = await bridge.invoke('desk.setDoorOverride', {
      branchId: branchId ?? '',
      action,
      ...(at && !Number.isNaN(at.getTime()) ? { until: at.toISOString() } : {}),
    });
    if (result.ok) toast(t('door.override.desk.sent'));
    else setError(result.error);
  };
  const errors = fieldErrors(error, '');
  return (
    <section aria-labelledby="door-override-title" data-testid="desk-door-override">
      <Title order={3} id="door-override-title" size="h4" mt="lg" mb="xs">
        {t('door.override.desk.title')}
      </Title>
      <Text size="sm" c="gray.7" mb="xs">
        {t('door.override.desk.hint')}
      </Text>
      <Group align="flex-end" gap="sm" mb="xs">
        <Select label={t('door.override.desk.branch')} data={doors} value={branchId} onChange={setBranchId} allowDeselect={false} />
        <DateTimeField label={t('door.override.until')} value={until} onValue={setUntil} error={errors.until ?? errors.branchId} />
      </Group>
      <Group gap="xs">
        <Button type="button" variant="default" onClick={() => void send('open-once')}>
          {t('door.override.openOnce')}
        </Button>
        <Button type="button" variant="default" onClick={() => void send('hold-open')}>
          {t('door.override.holdOpen')}
        </Button>
        <Button type="button" color="red" variant="outline" onClick={() => void send('lock-down')}>
          {t('door.override.lockDown')}
        </Button>
        <Button type="button" variant="default" onClick={() => void send('clear')}>
          {t('door.override.clear')}
        </Button>
      </Group>
      {!errors.until && !errors.branchId && <ErrorMessage error={error} />}
    </section>
  );
}
