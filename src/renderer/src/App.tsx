import { Center, Loader } from '@mantine/core';
import { useEffect, useMemo, useState, type ComponentType } from 'react';
import { useTranslation } from 'react-i18next';
import type { TerminalInfo, TerminalMode } from '../../shared/ipc/contract';
import { ErrorMessage } from './components/ErrorMessage';
import { WedgeForwarder } from './hardware/WedgeForwarder';
import { useTerminalStore } from './stores/terminal';
import { brandOf, defaultBrand } from './theme/brand';
import { BrandContext } from './theme/brand-context';
import type { ThemeVariant } from './theme/theme';
import { ThemeRoot } from './theme/ThemeRoot';

/**
 * One chunk per mode: a terminal loads only the screen it shows (npm run bench: first screen). The chunk is
 * loaded before it is rendered, not through React.lazy and Suspense: React holds back a Suspense boundary's
 * content for up to 300 ms after its fallback showed, which alone cost about a third of the first-screen budget.
 */
type ModeScreenComponent = ComponentType<{ info: TerminalInfo }>;
const screenLoaders: Record<TerminalMode, () => Promise<ModeScreenComponent>> = {
  desk: () => import('./screens/DeskScreen').then((m) => m.DeskScreen),
  door: () => import('./screens/DoorScreen').then((m) => () => <m.DoorScreen />),
  kiosk: () => import('./screens/KioskScreen').then((m) => ({ info }: { info: TerminalInfo }) => <m.KioskScreen defaultLanguage={info.language} />),
  technician: () => import('./screens/TechnicianScreen').then((m) => m.TechnicianScreen),
};
const loadedScreens = new Map<TerminalMode, Promise<ModeScreenComponent>>();
function loadScreen(mode: TerminalMode): Promise<ModeScreenComponent> {
  let loading = loadedScreens.get(mode);
  if (!loading) {
    loading = screenLoaders[mode]();
    loadedScreens.set(mode, loading);
  }
  return loading;
}

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

/** The mode's screen once its chunk has loaded (the loader until then). */
function ModeScreen({ info }: { info: TerminalInfo }) {
  const { t } = useTranslation();
  const [screen, setScreen] = useState<{ mode: TerminalMode; Component: ModeScreenComponent }>();
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let current = true;
    loadScreen(info.mode).then(
      (Component) => current && setScreen({ mode: info.mode, Component }),
      () => current && setFailed(true),
    );
    return () => {
      current = false;
    };
  }, [info.mode]);
  if (failed) return <ErrorMessage error={{ kind: 'internal', code: 'errors.internal', message: t('errors.internal') }} />;
  if (screen?.mode !== info.mode) return <Loading label={t('app.loading')} />;
  return <screen.Component info={info} />;
}
