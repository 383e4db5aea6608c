import { Center, Loader } from '@mantine/core';
import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../shared/result';
import type { TerminalInfo, TerminalMode } from '../../shared/ipc/contract';
import { ErrorMessage } from './components/ErrorMessage';
import { WedgeForwarder } from './hardware/WedgeForwarder';
import { useTerminalStore } from './stores/terminal';
import { brandOf, defaultBrand } from './theme/brand';
import { BrandContext } from './theme/brand-context';
import type { ThemeVariant } from './theme/theme';
import { ThemeRoot } from './theme/ThemeRoot';

// One chunk per mode: a terminal loads only the screen it shows (npm run bench: first screen).
const DeskScreen = lazy(() => import('./screens/DeskScreen').then((m) => ({ default: m.DeskScreen })));
const DoorScreen = lazy(() => import('./screens/DoorScreen').then((m) => ({ default: m.DoorScreen })));
const KioskScreen = lazy(() => import('./screens/KioskScreen').then((m) => ({ default: m.KioskScreen })));
const TechnicianScreen = lazy(() => import('./screens/TechnicianScreen').then((m) => ({ default: m.TechnicianScreen })));

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
  else if (!info) body = <Loading label={t('app.loading')} />;
  else
    body = (
      <div className={`app mode-${info.mode}`} data-mode={info.mode}>
        <Suspense fallback={<Loading label={t('app.loading')} />}>
          <ModeScreen info={info} />
        </Suspense>
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

function Loading({ label }: { label: string }) {
  return (
    <Center h="100vh">
      <Loader aria-hidden />
      <p role="status" className="visually-hidden">
        {label}
      </p>
    </Center>
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
