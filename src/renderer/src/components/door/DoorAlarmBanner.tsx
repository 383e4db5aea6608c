import { Alert, Button, Group, List, Text } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenDoorAlarm } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { formatDateTime } from '../../format';

/** The open alarms of the library's doors on every desk (issue 13), each with an acknowledge button. */
export function DoorAlarmBanner() {
  const { t, i18n } = useTranslation();
  const [alarms, setAlarms] = useState<OpenDoorAlarm[]>([]);
  useEffect(() => {
    let live = true;
    const load = () =>
      void bridge.invoke('desk.doorAlarms', {}).then((result) => {
        if (live && result.ok) setAlarms(result.value);
      });
    // Once now, then whenever main says a pull brought a change to them (desk.doorAlarmsChanged): no timer.
    const unsubscribe = bridge.subscribe('desk.doorAlarmsChanged', load);
    load();
    return () => {
      live = false;
      unsubscribe();
    };
  }, []);
  if (alarms.length === 0) return null;
  const acknowledge = async (id: string) => {
    const result = await bridge.invoke('desk.acknowledgeDoorAlarm', { id });
    if (result.ok) setAlarms(result.value);
  };
  return (
    <Alert role="alert" color="red" variant="light" title={t('door.alarm.title')} mb="md" className="door-alarms" data-testid="door-alarms">
      <List spacing="xs" listStyleType="none">
        {alarms.map((alarm) => (
          <List.Item key={alarm.id} data-testid="door-alarm">
            <Group gap="sm" wrap="nowrap">
              <Text size="sm">
                {t(`door.alarm.kind.${alarm.kind}`)} — {alarm.terminalName ?? alarm.branchId}, {formatDateTime(alarm.raisedAt, i18n.language)}
              </Text>
              <Button type="button" size="xs" color="red" variant="outline" onClick={() => void acknowledge(alarm.id)}>
                {t('door.alarm.acknowledge')}
              </Button>
            </Group>
          </List.Item>
        ))}
      </List>
    </Alert>
  );
}
