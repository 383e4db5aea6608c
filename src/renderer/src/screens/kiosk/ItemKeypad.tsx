import { Button } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const digits = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '0'] as const;

/**
 * Large on-screen keys for an item's number (the barcode printed under the label), for a borrower without a
 * scanner at hand. They type into the same field a scanner does; the words on Erase and Clear wrap rather than
 * overflow, so they fit in every language.
 */
export function ItemKeypad({ onKey, onErase, onClear }: { onKey: (digit: string) => void; onErase: () => void; onClear: () => void }) {
  const { t } = useTranslation();
  return (
    <div className="item-keys" role="group" aria-label={t('kiosk.keypad.label')} data-testid="item-keypad">
      {digits.map((d) => (
        <Button key={d} variant="default" size="xl" onClick={() => onKey(d)}>
          {d}
        </Button>
      ))}
      <Button variant="default" size="xl" className="word-key" onClick={onErase}>
        {t('kiosk.keypad.erase')}
      </Button>
      <Button variant="default" size="xl" className="word-key" onClick={onClear}>
        {t('kiosk.keypad.clear')}
      </Button>
    </div>
  );
}
