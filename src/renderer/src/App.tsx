import { Center, Loader } from '@mantine/core';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../shared/result';
import type { TerminalInfo, TerminalMode } from '../../shared/ipc/contract';
import { ErrorMessage } from './components/ErrorMessage';
import { WedgeForwarder } from './hardware/WedgeForwarder';
import { DeskScreen } from './screens/DeskScreen';
import { DoorScreen } from './screens/DoorScreen';
import { KioskScreen } from './screens/KioskScreen';
import { TechnicianScreen } from './screens/TechnicianScreen';
import { useTerminalStore } from './stores/terminal';
import { brandOf, defaultBrand } from './theme/brand';
import { BrandContext } from './theme/brand-context';
import type { ThemeVariant } from './theme/theme';
import { ThemeRoot } from './theme/ThemeRoot';

/** Borrowers' screens (kiosk, door) take the high-contrast variant; staff screens the standard one. */
function variantFor(mode: TerminalMode | undefined): ThemeVariant {
  return mode === 'kiosk' || mode === 'door' ? 'contrast' : 'standard';
}

export function App() {
  const { t } = useTranslation();
  const { info, error, load } = useTerminalStore();
  useEffect(() => {
    void load();
  }, [load]);
  const brand = useMemo(() => (info ? brandOf(info) : defaultBrand), [info]);

  let body;
  if (error) body = <ErrorMessage error={error} />;
  else if (!info)
    body = (
      <Center h="100vh">
        <Loader aria-hidden />
        <p role="status" className="visually-hidden">
          {t('app.loading')}
        </p>
      </Center>
    );
  else
    body = (
      <div className={`app mode-${info.mode}`} data-mode={info.mode}>
        <ModeScreen info={info} />
        <WedgeForwarder />
      </div>
    );
  return (
    <BrandContext value={brand}>
      <ThemeRoot brand={brand} variant={variantFor(info?.mode)}>
        {body}
      </ThemeRoot>
    </BrandContext>
  );
}

function ModeScreen({ info }: { info: TerminalInfo }) {
  switch (info.mode) {
    case 'desk':
      return <DeskScreen info={info} />;
    case 'kiosk':
      return <KioskScreen defaultLanguage={info.language} />;
    case 'door':
      return <DoorScreen />;
    case 'technician':
      return <TechnicianScreen info={info} />;
    default:
      throw missingCaseError(info.mode);
  }
}
