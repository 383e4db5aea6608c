import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OpenDoorAlarm } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';

/** How often the desk looks at the alarms it has pulled (sync brings them; this only reads the local copy). */
const refreshMs = 2000;

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
    load();
    const timer = setInterval(load, refreshMs);
    return () => {
      live = false;
      clearInterval(timer);
    };
  }, []);
  if (alarms.length === 0) return null;
  const acknowledge = async (id: string) => {
    const result = await bridge.invoke('desk.acknowledgeDoorAlarm', { id });
    if (result.ok) setAlarms(result.value);
  };
  return (
    <section role="alert" aria-labelledby="door-alarms-title" className="door-alarms warning" data-testid="door-alarms">
      <h2 id="door-alarms-title">{t('door.alarm.title')}</h2>
      <ul>
        {alarms.map((alarm) => (
          <li key={alarm.id} data-testid="door-alarm">
            {t(`door.alarm.kind.${alarm.kind}`)} — {alarm.terminalName ?? alarm.branchId}, {new Date(alarm.raisedAt).toLocaleString(i18n.language)}{' '}
            <button type="button" onClick={() => void acknowledge(alarm.id)}>
              {t('door.alarm.acknowledge')}
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
