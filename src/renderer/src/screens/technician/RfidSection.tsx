import { Button, Group, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { rfidPadKinds, type RfidPadSetting, type RfidPadSettingInput } from '../../../../shared/hardware/settings';
import type { Response } from '../../../../shared/ipc/contract';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useHardwareStore } from '../../stores/hardware';
import { Choice, Field, fieldErrors, numberOrUndefined, text, Toggle } from './controls';

const bauds = ['9600', '19200', '38400', '57600', '115200'];
const parities = ['none', 'even', 'odd'] as const;

/** The kiosk's RFID pad: which pad, its serial line and address, the AFI values; a test that reads the pad now. */
export function RfidSection() {
  const settings = useHardwareStore((s) => s.settings);
  // The form starts from the stored settings, once they are loaded.
  return settings ? <RfidForm current={settings.rfid} /> : null;
}

function RfidForm({ current }: { current: RfidPadSetting | null }) {
  const { t } = useTranslation();
  const [form, setForm] = useState(() => ({
    enabled: current !== null,
    kind: current?.kind ?? 'feig',
    path: current?.path ?? '',
    baudRate: text(current?.baudRate ?? 38_400),
    parity: current?.parity ?? 'even',
    comAdr: text(current?.comAdr ?? 255),
    blocks: text(current?.blocks ?? 9),
    afiSecured: text(current?.afiSecured ?? 0x07),
    afiCheckedOut: text(current?.afiCheckedOut ?? 0xc2),
  }));
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const errors = fieldErrors(error, 'rfid');
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const rfid: RfidPadSettingInput | null = form.enabled
      ? {
          kind: form.kind,
          path: form.path.trim(),
          baudRate: numberOrUndefined(form.baudRate),
          parity: form.parity,
          comAdr: numberOrUndefined(form.comAdr),
          blocks: numberOrUndefined(form.blocks),
          afiSecured: numberOrUndefined(form.afiSecured),
          afiCheckedOut: numberOrUndefined(form.afiCheckedOut),
        }
      : null;
    const result = await bridge.invoke('hardware.applyRfid', { rfid });
    if (!result.ok) return setError(result.error);
    setError(undefined);
    useHardwareStore.setState({ settings: result.value });
    setSaved(true);
  };
  const feig = form.kind === 'feig';
  return (
    <section aria-labelledby="rfid-title" className="technician-section">
      <h2 id="rfid-title">{t('hardware.rfid.title')}</h2>
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <Toggle label={t('hardware.rfid.enabled')} checked={form.enabled} onChecked={(enabled) => setForm({ ...form, enabled })} />
        {form.enabled && (
          <>
            <Choice
              label={t('hardware.rfid.kind')}
              value={form.kind}
              onValue={(kind) => setForm({ ...form, kind: kind as RfidPadSetting['kind'] })}
              options={rfidPadKinds.map((k) => ({ value: k, label: t(`hardware.rfid.kind.${k}`) }))}
            />
            {feig && (
              <>
                <Field label={t('hardware.rfid.path')} value={form.path} onValue={(path) => setForm({ ...form, path })} error={errors['path']} placeholder="/dev/ttyUSB0" />
                <Choice label={t('hardware.rfid.baud')} value={form.baudRate} onValue={(baudRate) => setForm({ ...form, baudRate })} options={bauds.map((b) => ({ value: b, label: b }))} />
                <Choice
                  label={t('hardware.rfid.parity')}
                  value={form.parity}
                  onValue={(parity) => setForm({ ...form, parity: parity as RfidPadSetting['parity'] })}
                  options={parities.map((p) => ({ value: p, label: p }))}
                />
                <Field label={t('hardware.rfid.comAdr')} value={form.comAdr} onValue={(comAdr) => setForm({ ...form, comAdr })} error={errors['comAdr']} inputMode="numeric" />
                <Field label={t('hardware.rfid.blocks')} value={form.blocks} onValue={(blocks) => setForm({ ...form, blocks })} error={errors['blocks']} inputMode="numeric" />
              </>
            )}
            <Field label={t('hardware.rfid.afiSecured')} value={form.afiSecured} onValue={(afiSecured) => setForm({ ...form, afiSecured })} error={errors['afiSecured']} inputMode="numeric" />
            <Field
              label={t('hardware.rfid.afiCheckedOut')}
              value={form.afiCheckedOut}
              onValue={(afiCheckedOut) => setForm({ ...form, afiCheckedOut })}
              error={errors['afiCheckedOut']}
              inputMode="numeric"
            />
          </>
        )}
        <button type="submit">{t('hardware.rfid.save')}</button>
        {saved && <p role="status">{t('hardware.rfid.saved')}</p>}
        <ErrorMessage error={error} />
      </form>
      {current && <RfidTest />}
      {current?.kind === 'simulated' && <SimulatedTags />}
    </section>
  );
}

/** Reads the pad now: what a technician checks after plugging it in. */
function RfidTest() {
  const { t } = useTranslation();
  const [tags, setTags] = useState<Response<'hardware.testRfid'>['tags']>();
  const [error, setError] = useState<AppError>();
  const test = async () => {
    const result = await bridge.invoke('hardware.testRfid', {});
    if (result.ok) {
      setTags(result.value.tags);
      setError(undefined);
    } else {
      setTags(undefined);
      setError(result.error);
    }
  };
  return (
    <div>
      <Button mt="sm" onClick={() => void test()}>
        {t('hardware.rfid.test')}
      </Button>
      <div role="status" data-testid="rfid-test">
        {tags && <p>{tags.length === 0 ? t('hardware.rfid.testEmpty') : t('hardware.rfid.testTags', { count: tags.length })}</p>}
        {tags && tags.length > 0 && (
          <ul>
            {tags.map((tag) => (
              <li key={tag.uid}>
                {tag.itemId === null
                  ? t('hardware.rfid.tagUnknown', { uid: tag.uid })
                  : t('hardware.rfid.tagItem', { uid: tag.uid, itemId: tag.itemId, part: tag.partNumber, parts: tag.partsInSet })}
              </li>
            ))}
          </ul>
        )}
      </div>
      <ErrorMessage error={error} />
    </div>
  );
}

/** The demo's pad: the items whose tags lie on it. */
function SimulatedTags() {
  const { t } = useTranslation();
  const [items, setItems] = useState('');
  const [error, setError] = useState<AppError>();
  const place = async () => {
    const itemIds = items
      .split(/\s+/)
      .map((s) => s.trim())
      .filter(Boolean);
    const result = await bridge.invoke('hardware.simulateRfid', { itemIds });
    setError(result.ok ? undefined : result.error);
  };
  return (
    <div>
      <Textarea label={t('hardware.rfid.simulated')} value={items} onChange={(e) => setItems(e.currentTarget.value)} autosize minRows={2} />
      <Group mt="xs">
        <Button variant="default" onClick={() => void place()}>
          {t('hardware.rfid.simulatedSave')}
        </Button>
      </Group>
      <ErrorMessage error={error} />
    </div>
  );
}
