import { useTranslation } from 'react-i18next';
import { Choice, Field } from '../../screens/technician/controls';

interface ContactInputForm {
  contactInput: string;
  contactOpenLevel: string;
  contactPollMs: string;
}

/** A real door contact on the relay board's digital input (Modbus RTU function 0x02): which input, which level is open, how often. */
export function DoorContactInputFields({
  form,
  change,
  errors,
}: {
  form: ContactInputForm;
  change: (patch: Partial<ContactInputForm>) => void;
  errors: Record<string, string | undefined>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('door.contactInput.input')} value={form.contactInput} onValue={(contactInput) => change({ contactInput })} error={errors['contactInput']} inputMode="numeric" />
      <Choice
        label={t('door.contactInput.openLevel')}
        value={form.contactOpenLevel}
        onValue={(contactOpenLevel) => change({ contactOpenLevel })}
        options={(['off', 'on'] as const).map((v) => ({ value: v, label: t(`door.contactInput.level.${v}`) }))}
        error={errors['contactOpenLevel']}
      />
      <Field label={t('door.contactInput.pollMs')} value={form.contactPollMs} onValue={(contactPollMs) => change({ contactPollMs })} error={errors['contactPollMs']} inputMode="numeric" />
    </>
  );
}
