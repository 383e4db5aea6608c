import { zodResolver } from '@hookform/resolvers/zod';
import { Button, NavLink, Paper } from '@mantine/core';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useForm } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import { z } from 'zod';
import {
  LanguageSchema,
  TerminalModeSchema,
  languages,
  terminalModes,
  type TerminalInfo,
} from '../../../shared/ipc/contract';
import type { MessageKey } from '../../../shared/i18n/resources';
import type { AppError } from '../../../shared/result';
import { BrandHeading } from '../components/BrandMark';
import { ErrorMessage } from '../components/ErrorMessage';
import { SelectField } from '../components/SelectField';
import { useHardwareStore } from '../stores/hardware';
import { useTechnicianStore } from '../stores/technician';
import { useTerminalStore } from '../stores/terminal';
import { DevicesSection } from './technician/DevicesSection';
import { DoorSection } from './technician/DoorSection';
import { DoorRulesSection } from '../components/door/DoorRulesSection';
import { DoorOverrideSection } from '../components/door/DoorOverrideSection';
import { BuildingSection } from '../components/door/BuildingSection';
import { LiveSection } from './technician/LiveSection';
import { OpeningHoursSection } from './technician/OpeningHoursSection';
import { KioskSettingsSection } from './technician/KioskSettingsSection';
import { PrinterSection } from './technician/PrinterSection';
import { ReadersSection } from './technician/ReadersSection';
import { RfidSection } from './technician/RfidSection';
import { RegisterSection } from './technician/RegisterSection';
import { SettingsFileSection } from './technician/SettingsFileSection';
import { TechnicianLogin, TechnicianSession } from './technician/TechnicianLogin';
import './technician/technician.css';

const TerminalFormSchema = z.object({ mode: TerminalModeSchema, language: LanguageSchema });
type TerminalForm = z.infer<typeof TerminalFormSchema>;

export function TechnicianScreen({ info }: { info: TerminalInfo }) {
  const { t } = useTranslation();
  const status = useTechnicianStore((s) => s.status);
  const statusError = useTechnicianStore((s) => s.error);
  const loadStatus = useTechnicianStore((s) => s.load);
  const refused = info.refusal !== undefined;
  useEffect(() => {
    if (!refused) void loadStatus();
  }, [loadStatus, refused]);
  const locked = refused || status === undefined || (status.required && !status.signedIn);
  const [active, setActive] = useState<SectionId>(sections[0].id);
  // Set by the navigation: the pane it opens takes the keyboard (not on the first render).
  const focusPaneRef = useRef(false);
  const open = (id: SectionId) => {
    focusPaneRef.current = true;
    setActive(id);
  };
  useEffect(() => {
    if (!focusPaneRef.current) return;
    focusPaneRef.current = false;
    document.getElementById(active)?.focus();
  }, [active]);
  return (
    <div className={`technician-shell${locked ? ' locked' : ''}`}>
      <header className="technician-header">
        <BrandHeading id="technician-title" title={t('technician.title')} />
        {!refused && <TechnicianSession />}
      </header>
      {!locked && <SectionNav active={active} onOpen={open} />}
      <main className="technician technician-main" aria-labelledby="technician-title">
        {info.refusal ? (
          // No personal data without a secure database key: nothing else runs, so nothing else is shown.
          <section className="technician-refusal" role="alert" aria-labelledby="technician-refusal-title">
            <h2 id="technician-refusal-title">{t('privacy.refused.title')}</h2>
            <p>{info.refusal.message}</p>
          </section>
        ) : (
          <>
            <ErrorMessage error={statusError} />
            {status && locked ? <TechnicianLogin /> : null}
            {locked ? null : <TechnicianSections info={info} active={active} />}
          </>
        )}
      </main>
    </div>
  );
}

/** The technician's sections, in the order a branch is set up. */
const sections = [
  { id: 'section-devices', title: 'hardware.devices.title' },
  { id: 'section-readers', title: 'hardware.readers.title' },
  { id: 'section-live', title: 'hardware.live.title' },
  { id: 'section-door', title: 'hardware.door.title' },
  { id: 'section-hours', title: 'hardware.hours.title' },
  { id: 'section-door-rules', title: 'door.rules.title' },
  { id: 'section-door-override', title: 'door.override.title' },
  { id: 'section-building', title: 'door.building.title' },
  { id: 'section-kiosk', title: 'kiosk.settings.title' },
  { id: 'section-printer', title: 'hardware.printer.title' },
  { id: 'section-rfid', title: 'hardware.rfid.title' },
  { id: 'section-file', title: 'hardware.file.title' },
  { id: 'section-register', title: 'sync.title' },
  { id: 'section-terminal', title: 'technician.terminalSettings' },
] as const satisfies readonly { id: string; title: MessageKey }[];

type SectionId = (typeof sections)[number]['id'];

/** Section navigation on the left: shows one section at a time and puts the keyboard in it. */
function SectionNav({ active, onOpen }: { active: SectionId; onOpen: (id: SectionId) => void }) {
  const { t } = useTranslation();
  return (
    // The column carries the nav's background to the bottom of the page; the nav itself stays in view (sticky).
    <div className="technician-nav-column">
      <nav aria-label={t('ui.nav.sections')} className="technician-nav">
        {sections.map((section) => (
          <NavLink
            key={section.id}
            component="button"
            type="button"
            label={t(section.title)}
            active={active === section.id}
            aria-current={active === section.id ? 'page' : undefined}
            onClick={() => onOpen(section.id)}
          />
        ))}
      </nav>
    </div>
  );
}

function Pane({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Paper id={id} tabIndex={-1} withBorder p="md" className="technician-pane">
      {children}
    </Paper>
  );
}

/** Each section's content; only the open one is on the page. */
function sectionContent(id: SectionId, info: TerminalInfo): ReactNode {
  switch (id) {
    case 'section-devices':
      return <DevicesSection />;
    case 'section-readers':
      return <ReadersSection />;
    case 'section-live':
      return <LiveSection />;
    case 'section-door':
      return <DoorSection />;
    case 'section-hours':
      return <OpeningHoursSection />;
    case 'section-door-rules':
      return <DoorRulesSection />;
    case 'section-door-override':
      return <DoorOverrideSection />;
    case 'section-building':
      return <BuildingSection />;
    case 'section-kiosk':
      return <KioskSettingsSection />;
    case 'section-printer':
      return <PrinterSection />;
    case 'section-rfid':
      return <RfidSection />;
    case 'section-file':
      return <SettingsFileSection />;
    case 'section-register':
      return <RegisterSection />;
    case 'section-terminal':
      return <TerminalSettings info={info} />;
  }
}

function TechnicianSections({ info, active }: { info: TerminalInfo; active: SectionId }) {
  const load = useHardwareStore((s) => s.load);
  const loadError = useHardwareStore((s) => s.loadError);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <ErrorMessage error={loadError} />
      <div className="technician-grid">
        <Pane key={active} id={active}>
          {sectionContent(active, info)}
        </Pane>
      </div>
    </>
  );
}

function TerminalSettings({ info }: { info: TerminalInfo }) {
  const { t } = useTranslation();
  const configure = useTerminalStore((s) => s.configure);
  const [serverError, setServerError] = useState<AppError | undefined>();
  const [saved, setSaved] = useState(false);
  const { register, handleSubmit, formState } = useForm<TerminalForm>({
    resolver: zodResolver(TerminalFormSchema),
    defaultValues: { mode: info.mode, language: info.language },
  });

  const onSubmit = handleSubmit(async (values) => {
    setSaved(false);
    const error = await configure(values);
    setServerError(error);
    setSaved(!error);
  });

  return (
    <section aria-labelledby="settings-title">
      <h2 id="settings-title">{t('technician.terminalSettings')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <SelectField
          label={t('technician.terminalMode')}
          options={terminalModes.map((mode) => ({ value: mode, label: t(`mode.${mode}`) }))}
          {...register('mode')}
        />
        <SelectField
          label={t('language.label')}
          options={languages.map((language) => ({ value: language, label: t(`language.${language}`) }))}
          {...register('language')}
        />
        <Button type="submit" mt="sm" loading={formState.isSubmitting}>
          {t('technician.saveMode')}
        </Button>
        <ErrorMessage error={serverError} />
        {saved && <p role="status">{t('technician.saved')}</p>}
      </form>
    </section>
  );
}
