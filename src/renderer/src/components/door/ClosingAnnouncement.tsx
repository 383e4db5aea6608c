import { useEffect } from 'react';
import { speak } from '../../screens/kiosk/speech';
import { useKioskStore } from '../../stores/kiosk';

/**
 * The closing announcement (issue 14) on door and kiosk screens: spoken with the platform's speech synthesis (always:
 * it is for everyone in the room, the PA carries it) and shown in a live region for those who do not hear it.
 */
export function ClosingAnnouncement() {
  const announcement = useKioskStore((s) => s.announcement);
  useEffect(() => {
    if (announcement) speak(announcement.text, announcement.language, true);
  }, [announcement]);
  return (
    <p role="status" aria-live="assertive" className="closing-announcement" data-testid="closing-announcement">
      {announcement?.text ?? ''}
    </p>
  );
}
