import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { buildingFunctions, type BuildingFunction } from '../../../../shared/door/building';
import type { AppError } from '../../../../shared/result';
import { bridge } from '../../bridge';
import { fieldErrors } from '../../screens/technician/controls';
import { useHardwareStore } from '../../stores/hardware';
import { ErrorMessage } from '../ErrorMessage';
import { CheckboxField, TextField } from '../fields';
import { SelectField } from '../SelectField';
import { buildingFormOf, buildingLanguages, buildingSettingsOf, exitSources, type BuildingForm, type OutputRow } from './buildingForm';

/**
 * The building's settings on the technician screen (issue 14): which relay channel switches what and how long
 * before opening and after closing, the closing announcements' times, texts and PA time, the lock-up's step timing
 * and grace for people still inside, and where exits are counted (an input on the relay board, as the door contact).
 * Saved through hardware.setBuilding; main's refusals land on the field they name.
 */
export function BuildingSettingsForm() {
  const { t } = useTranslation();
  const building = useHardwareStore((s) => s.settings?.building);
  const [form, setForm] = useState<BuildingForm>();
  const [shown, setShown] = useState<string>();
  const [error, setError] = useState<AppError>();
  const [saved, setSaved] = useState(false);
  const source = building ? JSON.stringify(building) : undefined;
  if (building && source !== shown) {
    setShown(source);
    setForm(buildingFormOf(building));
  }
  if (!form || !building) return null;
  const set = (patch: Partial<BuildingForm>) => {
    setSaved(false);
    setForm({ ...form, ...patch });
  };
  const setOutput = (index: number, patch: Partial<OutputRow>) => set({ outputs: form.outputs.map((o, i) => (i === index ? { ...o, ...patch } : o)) });
  const issues = fieldErrors(error, 'building');
  const freeChannel = () => {
    const used = new Set(form.outputs.map((o) => Number(o.channel)));
    let channel = 2;
    while (used.has(channel)) channel++;
    return String(channel);
  };
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    const result = await bridge.invoke('hardware.setBuilding', { building: buildingSettingsOf(form, building) });
    setError(result.ok ? undefined : result.error);
    setSaved(result.ok);
  };
  return (
    <form onSubmit={(e) => void onSubmit(e)} noValidate aria-labelledby="building-settings-title" data-testid="building-settings">
      <h3 id="building-settings-title">{t('door.building.settings')}</h3>
      {form.outputs.map((o, i) => (
        <fieldset key={i} data-testid={`building-setting-${i + 1}`}>
          <legend>{t('door.building.output', { number: i + 1 })}</legend>
          <SelectField
            label={t('door.building.function')}
            value={o.function}
            onChange={(e) => setOutput(i, { function: e.target.value as BuildingFunction })}
            options={buildingFunctions.map((f) => ({ value: f, label: t(`door.building.function.${f}`) }))}
          />
          <TextField label={t('door.building.relayChannel')} inputMode="numeric" value={o.channel} onChange={(e) => setOutput(i, { channel: e.target.value })} error={issues[`outputs.${i}.channel`]} />
          <TextField
            label={t('door.building.beforeOpening')}
            inputMode="numeric"
            value={o.beforeOpeningMinutes}
            onChange={(e) => setOutput(i, { beforeOpeningMinutes: e.target.value })}
            error={issues[`outputs.${i}.beforeOpeningMinutes`]}
          />
          <TextField
            label={t('door.building.afterClosing')}
            inputMode="numeric"
            value={o.afterClosingMinutes}
            onChange={(e) => setOutput(i, { afterClosingMinutes: e.target.value })}
            error={issues[`outputs.${i}.afterClosingMinutes`]}
          />
          <button type="button" onClick={() => set({ outputs: form.outputs.filter((_, j) => j !== i) })}>
            {t('door.building.removeOutput', { number: i + 1 })}
          </button>
        </fieldset>
      ))}
      <button
        type="button"
        onClick={() => set({ outputs: [...form.outputs, { function: 'lights', channel: freeChannel(), beforeOpeningMinutes: '0', afterClosingMinutes: '0' }] })}
      >
        {t('door.building.addOutput')}
      </button>
      <fieldset>
        <legend>{t('door.building.announcements')}</legend>
        <CheckboxField label={t('door.building.announcementsEnabled')} checked={form.announcementsEnabled} onChange={(e) => set({ announcementsEnabled: e.target.checked })} />
        <TextField
          label={t('door.building.minutesBefore')}
          description={t('door.building.minutesBefore.hint')}
          value={form.minutesBefore}
          onChange={(e) => set({ minutesBefore: e.target.value })}
          error={Object.entries(issues).find(([path]) => path.startsWith('announcements.minutesBefore'))?.[1]}
        />
        {buildingLanguages.map((language) => (
          <TextField
            key={language}
            label={t(`door.building.text.${language}`)}
            description={t('door.building.text.hint', { minutes: '{{minutes}}' })}
            value={form.texts[language]}
            onChange={(e) => set({ texts: { ...form.texts, [language]: e.target.value } })}
            error={issues[`announcements.texts.${language}`]}
          />
        ))}
        <TextField
          label={t('door.building.paSeconds')}
          inputMode="numeric"
          value={form.paSeconds}
          onChange={(e) => set({ paSeconds: e.target.value })}
          error={issues['announcements.paSeconds']}
        />
      </fieldset>
      <fieldset>
        <legend>{t('door.building.lockUpSettings')}</legend>
        <CheckboxField label={t('door.building.lockUpEnabled')} checked={form.lockUpEnabled} onChange={(e) => set({ lockUpEnabled: e.target.checked })} />
        <TextField
          label={t('door.building.graceMinutes')}
          inputMode="numeric"
          value={form.graceMinutes}
          onChange={(e) => set({ graceMinutes: e.target.value })}
          error={issues['lockUp.occupancyGraceMinutes']}
        />
        <TextField
          label={t('door.building.stepSeconds')}
          description={t('door.building.stepSeconds.hint')}
          inputMode="numeric"
          value={form.stepSeconds}
          onChange={(e) => set({ stepSeconds: e.target.value })}
          error={issues['lockUp.stepSeconds']}
        />
        <TextField
          label={t('door.building.warningOffSeconds')}
          inputMode="numeric"
          value={form.warningOffSeconds}
          onChange={(e) => set({ warningOffSeconds: e.target.value })}
          error={issues['lockUp.warningOffSeconds']}
        />
      </fieldset>
      <fieldset>
        <legend>{t('door.building.exits')}</legend>
        <SelectField
          label={t('door.building.exitsFrom')}
          value={form.exits}
          onChange={(e) => set({ exits: e.target.value as BuildingForm['exits'] })}
          options={exitSources.map((source) => ({ value: source, label: t(`door.building.exits.${source}`) }))}
        />
        {form.exits === 'input' && (
          <>
            <TextField
              label={t('door.building.exitInput')}
              inputMode="numeric"
              value={form.exitInput}
              onChange={(e) => set({ exitInput: e.target.value })}
              error={issues['occupancy.exitInput']}
            />
            <SelectField
              label={t('door.building.exitActiveLevel')}
              value={form.exitActiveLevel}
              onChange={(e) => set({ exitActiveLevel: e.target.value as BuildingForm['exitActiveLevel'] })}
              options={(['on', 'off'] as const).map((level) => ({ value: level, label: t(`door.contactInput.level.${level}`) }))}
            />
          </>
        )}
      </fieldset>
      <button type="submit">{t('door.building.save')}</button>
      {saved && <p role="status">{t('door.building.saved')}</p>}
      <ErrorMessage error={error} />
    </form>
  );
}
