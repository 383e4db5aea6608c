import { Checkbox } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrandMark } from '../../components/BrandMark';
import { LanguageButtons } from '../../components/LanguageButtons';

export type KioskStepName = 'identify' | 'choose' | 'receipt';
const steps: readonly KioskStepName[] = ['identify', 'choose', 'receipt'];

/** The kiosk's frame on every screen: the library, where the borrower is in the three steps, language and read-aloud. */
export function KioskFrame({ step, spoken, onSpoken, footer, children }: { step: KioskStepName; spoken: boolean; onSpoken: (on: boolean) => void; footer?: ReactNode; children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="kiosk-shell">
      <header className="kiosk-header">
        <BrandMark size="xl" />
        <ol className="kiosk-steps" aria-label={t('ui.kiosk.steps')}>
          {steps.map((name, index) => (
            <li key={name} aria-current={name === step ? 'step' : undefined}>
              <span className="step-number">{index + 1}</span> {t(`ui.kiosk.step.${name}`)}
            </li>
          ))}
        </ol>
      </header>
      <main className="kiosk kiosk-body" aria-labelledby="kiosk-title">
        {children}
      </main>
      <footer className="kiosk-footer">
        <LanguageButtons label={t('kiosk.chooseLanguage')} size="xl" />
        <div className="kiosk-tools">
          <Checkbox size="lg" label={t('kiosk.speak')} checked={spoken} onChange={(e) => onSpoken(e.currentTarget.checked)} />
          {footer}
        </div>
      </footer>
    </div>
  );
}

/** A large touch tile with an icon and one word; pressed state for the tiles that choose what the session does. */
export function Tile({ icon, label, pressed, primary, onClick, type = 'button' }: { icon: string; label: string; pressed?: boolean; primary?: boolean; onClick?: () => void; type?: 'button' | 'submit' }) {
  return (
    <button type={type} className={`kiosk-tile${primary ? ' primary' : ''}`} aria-pressed={pressed} onClick={onClick}>
      <span className="tile-icon" aria-hidden>
        {icon}
      </span>
      {label}
    </button>
  );
}
