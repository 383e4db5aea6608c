import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../../shared/ipc/contract';
import { bridge } from '../../bridge';
import { useKioskStore } from '../../stores/kiosk';

/**
 * Items put on the kiosk's RFID pad while borrowing or returning: main reads the pad while this is shown, and each
 * item's outcome joins the visit's list like a scanned one (with a line of its own when the tag's alarm could not
 * be changed). Says so to the borrower when the kiosk has a pad.
 */
export function RfidPad({ mode }: { mode: 'borrow' | 'return' | 'off' }) {
  const { t, i18n } = useTranslation();
  const addOutcome = useKioskStore((s) => s.addOutcome);
  const [pad, setPad] = useState(false);
  const language = i18n.language as Language;

  useEffect(
    () =>
      bridge.subscribe('kiosk.rfidItem', ({ outcome, securityMessage }) => {
        addOutcome(outcome);
        if (securityMessage) addOutcome({ ok: false, itemId: outcome.itemId, message: securityMessage });
      }),
    [addOutcome],
  );

  useEffect(() => {
    let live = true;
    void bridge.invoke('kiosk.rfid', { mode, language }).then((r) => {
      if (live && r.ok) setPad(r.value.pad);
    });
    return () => {
      live = false;
      void bridge.invoke('kiosk.rfid', { mode: 'off', language });
    };
  }, [mode, language]);

  return pad && mode !== 'off' ? (
    <p className="kiosk-instructions" data-testid="kiosk-rfid-hint">
      {t('kiosk.rfid.hint')}
    </p>
  ) : null;
}
