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
import { useSerialPorts } from '../stores/hardware';
import { useTerminalStore } from '../stores/terminal';

const TerminalFormSchema = z.object({ mode: TerminalModeSchema, language: LanguageSchema });
type TerminalForm = z.infer<typeof TerminalFormSchema>;

export function TechnicianScreen({ info }: { info: TerminalInfo }) {
  const { t } = useTranslation();
  return (
    <main className="technician" aria-labelledby="technician-title">
      <h1 id="technician-title">{t('technician.title')}</h1>
      <SerialPortList />
      <TerminalSettings info={info} />
    </main>
  );
}

function SerialPortList() {
  const { t } = useTranslation();
  const { status, value: ports, error, refresh } = useSerialPorts();
  useEffect(() => {
    void refresh();
  }, [refresh]);

  return (
    <section aria-labelledby="serial-title">
      <h2 id="serial-title">{t('technician.serialPorts')}</h2>
      <button type="button" onClick={() => void refresh()} disabled={status === 'loading'}>
        {t('technician.refresh')}
      </button>
      <ErrorMessage error={error} />
      {ports && ports.length === 0 && <p>{t('technician.noSerialPorts')}</p>}
      {ports && ports.length > 0 && (
        <table aria-labelledby="serial-title" aria-busy={status === 'loading'}>
          <thead>
            <tr>
              <th scope="col">{t('technician.column.path')}</th>
              <th scope="col">{t('technician.column.manufacturer')}</th>
              <th scope="col">{t('technician.column.vendorProduct')}</th>
            </tr>
          </thead>
          <tbody>
            {ports.map((port) => (
              <tr key={port.path} data-testid="serial-port">
                <td>
                  <code>{port.path}</code>
                </td>
                <td>{port.manufacturer ?? ''}</td>
                <td>{port.vendorId ? `${port.vendorId}:${port.productId ?? ''}` : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
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
