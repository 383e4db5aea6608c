import { useTranslation } from 'react-i18next';
import { BrandMark } from '../components/BrandMark';
import { ClosingAnnouncement } from '../components/door/ClosingAnnouncement';
import { useKioskStore } from '../stores/kiosk';
import { DoorPin } from './DoorPin';

/**
 * A door terminal's screen: what to do, the last decision at the door (shown for a few seconds, as at a
 * kiosk), and the PIN field when the branch's door policy asks for one. Nothing about the borrower.
 */
export function DoorScreen() {
  const { t } = useTranslation();
  const door = useKioskStore((s) => s.door);
  return (
    <div className="kiosk-shell">
      <header className="kiosk-header">
        <BrandMark size="xl" />
      </header>
      <main className="kiosk door kiosk-body" aria-labelledby="door-title">
        <h1 id="door-title">{t('door.screen.title')}</h1>
        <p className="kiosk-instructions">{t('door.screen.hint')}</p>
        {door && (
          <p role={door.admitted ? 'status' : 'alert'} className={`door-result ${door.admitted ? 'admitted' : 'refused'}`} data-testid="door-result">
            {door.message}
          </p>
        )}
        {door?.pinRequired && <DoorPin />}
        <ClosingAnnouncement />
      </main>
    </div>
  );
}
