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
        <CardAtReader />
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

/** A card held up to a reader (decoration: the instruction says it in words). */
function CardAtReader() {
  return (
    <svg className="door-art" viewBox="-14 0 214 160" fill="none" stroke="currentColor" strokeWidth="6" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      <rect x="110" y="20" width="70" height="120" rx="10" />
      <circle cx="145" cy="60" r="14" />
      <path d="M132 110h26" />
      <rect x="4" y="45" width="80" height="52" rx="6" transform="rotate(-12 44 71)" />
      <path d="M18 64h34M18 78h22" transform="rotate(-12 44 71)" />
      <path d="M96 36c6 6 6 16 0 22M86 28c11 11 11 27 0 38" />
    </svg>
  );
}
