import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { missingCaseError } from '../../shared/result';
import type { TerminalInfo } from '../../shared/ipc/contract';
import { ErrorMessage } from './components/ErrorMessage';
import { WedgeForwarder } from './hardware/WedgeForwarder';
import { DeskScreen } from './screens/DeskScreen';
import { DoorScreen } from './screens/DoorScreen';
import { KioskScreen } from './screens/KioskScreen';
import { TechnicianScreen } from './screens/TechnicianScreen';
import { useTerminalStore } from './stores/terminal';

export function App() {
  const { t } = useTranslation();
  const { info, error, load } = useTerminalStore();
  useEffect(() => {
    void load();
  }, [load]);

  if (error) return <ErrorMessage error={error} />;
  if (!info) return <p role="status">{t('app.loading')}</p>;
  return (
    <div className={`app mode-${info.mode}`} data-mode={info.mode}>
      <ModeScreen info={info} />
      <WedgeForwarder />
    </div>
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
