import { useId, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { TaskProgress } from '../../components/TaskProgress';
import { useDownload } from '../../components/use-download';
import { useHardwareStore } from '../../stores/hardware';

/** Largest settings file we read (the IPC contract refuses more). */
const maxFileBytes = 512 * 1024;

/** Export the hardware settings as a .json file and import one (all or nothing). */
export function SettingsFileSection() {
  const { t } = useTranslation();
  const inputId = useId();
  const importSettings = useHardwareStore((s) => s.importSettings);
  const { download, link, offer } = useDownload();
  const [error, setError] = useState<AppError | undefined>();
  const [notice, setNotice] = useState<string | undefined>();

  const exportSettings = async () => {
    setNotice(undefined);
    const result = await bridge.invoke('hardware.exportSettings', {});
    if (!result.ok) {
      setError(result.error);
      return;
    }
    setError(undefined);
    offer(result.value.text, 'application/json', result.value.fileName);
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const input = event.target;
    const file = input.files?.[0];
    setNotice(undefined);
    if (!file) return;
    if (file.size > maxFileBytes) {
      setError({ kind: 'validation', code: 'hardware.import.tooLarge', message: t('hardware.import.tooLarge') });
      input.value = '';
      return;
    }
    const result = await importSettings(await file.text());
    input.value = '';
    setError(result);
    if (!result) setNotice(t('hardware.import.done', { file: file.name }));
  };

  return (
    <section aria-labelledby="settings-file-title" className="technician-section">
      <h2 id="settings-file-title">{t('hardware.file.title')}</h2>
      <p className="hint">{t('hardware.file.hint')}</p>
      <div className="actions">
        <button type="button" onClick={() => void exportSettings()}>
          {t('hardware.file.export')}
        </button>
        {download && (
          <a ref={link} href={download.url} download={download.fileName} data-testid="settings-download">
            {t('hardware.file.download', { file: download.fileName })}
          </a>
        )}
      </div>
      {/* The label is the button: the browser's own file input would show its words in the browser's language
          ("Choose File", "No file chosen"). The input stays focusable (Space opens the picker); the label shows its focus. */}
      <div className="file-pick">
        <input id={inputId} className="visually-hidden" type="file" accept=".json,application/json" onChange={(e) => void onFile(e)} />
        <label htmlFor={inputId}>{t('hardware.file.import')}</label>
      </div>
      <TaskProgress tasks={['settings.import']} />
      <ErrorMessage error={error} />
      {notice && <p role="status">{notice}</p>}
    </section>
  );
}
