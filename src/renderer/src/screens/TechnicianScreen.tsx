import { zodResolver } from '@hookform/resolvers/zod';
import { useEffect, useState } from 'react';
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
import type { AppError } from '../../../shared/result';
import { ErrorMessage } from '../components/ErrorMessage';
import { SelectField } from '../components/SelectField';
import { useHardwareStore } from '../stores/hardware';
import { useTechnicianStore } from '../stores/technician';
import { useTerminalStore } from '../stores/terminal';
import { DevicesSection } from './technician/DevicesSection';
import { DoorSection } from './technician/DoorSection';
import { DoorRulesSection } from '../components/door/DoorRulesSection';
import { LiveSection } from './technician/LiveSection';
import { OpeningHoursSection } from './technician/OpeningHoursSection';
import { ReadersSection } from './technician/ReadersSection';
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
  const locked = status === undefined || (status.required && !status.signedIn);
  return (
    <main className="technician" aria-labelledby="technician-title">
      <h1 id="technician-title">{t('technician.title')}</h1>
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
          {locked ? null : <TechnicianSections info={info} />}
        </>
      )}
    </main>
  );
}

function TechnicianSections({ info }: { info: TerminalInfo }) {
  const load = useHardwareStore((s) => s.load);
  const loadError = useHardwareStore((s) => s.loadError);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <>
      <TechnicianSession />
      <ErrorMessage error={loadError} />
      <DevicesSection />
      <ReadersSection />
      <LiveSection />
      <DoorSection />
      <OpeningHoursSection />
      <DoorRulesSection />
      <SettingsFileSection />
      <RegisterSection />
      <TerminalSettings info={info} />
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
        <button type="submit" disabled={formState.isSubmitting}>
          {t('technician.saveMode')}
        </button>
        <ErrorMessage error={serverError} />
        {saved && <p role="status">{t('technician.saved')}</p>}
      </form>
    </section>
  );
}
