import { Checkbox, Fieldset, NativeSelect, Stack, Text, TextInput, Title } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { registerTypes, type RegisterType } from '../../shared/desk/registration';
import { identityCountries } from '../../shared/identity/types';
import { defaultKioskSetting, kioskOperations, kioskReceiptModes } from '../../shared/kiosk/settings';
import type { MessageKey } from '../../shared/vocabulary';
import { kioskNumberFields, type KioskDraft, type KioskNumberField } from '../kioskDraft';

/** A sentence per field path ('kiosk.lockoutMinutes'), as checkPolicy gives them. */
type Issues = Record<string, string>;
const firstOf = (issues: Issues, paths: readonly string[]) => paths.map((p) => issues[p]).find((m) => m !== undefined);

const operationPaths = ['kiosk.operations', ...kioskOperations.map((op) => `kiosk.operations.${op}`)];
const categoryPaths = ['allowedCategories', ...registerTypes.map((_, i) => `allowedCategories.${i}`)];
/**
 * The issue paths these fields show (the page lists the others at the top). Known before rendering, so the page
 * can tell which issues no field took in the same render.
 */
export const policyFieldPaths: readonly string[] = [
  'kiosk',
  'kiosk.country',
  'kiosk.pinPolicy',
  'kiosk.receipt',
  'kiosk.patronId',
  ...kioskNumberFields.map((f) => `kiosk.${f}`),
  ...operationPaths,
  ...categoryPaths,
];

const numberLabels: Record<KioskNumberField, MessageKey> = {
  maxPinFailures: 'admin.policies.kiosk.maxPinFailures',
  lockoutMinutes: 'admin.policies.kiosk.lockoutMinutes',
  idleWarningSeconds: 'kiosk.settings.idleWarning',
  idleSignOutSeconds: 'kiosk.settings.idleSignOut',
};
const operationLabels = { borrow: 'kiosk.borrow', return: 'kiosk.return', renew: 'kiosk.renew' } as const;

/** A message shown once for a group of checkboxes, which each point at it and are marked invalid. */
function GroupIssue({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <Text id={id} c="red.9" size="sm" role="alert">
      {text}
    </Text>
  ) : null;
}

/**
 * The policy's self-check kiosk settings (src/shared/kiosk/settings.ts, issue 12): off, each kiosk keeps its
 * technician's settings; on, the policy's win at every kiosk of the branch or library.
 */
export function KioskPolicyFields({ kiosk, change, writable, issues }: { kiosk: KioskDraft; change: (kiosk: KioskDraft) => void; writable: boolean; issues: Issues }) {
  const { t } = useTranslation();
  const operationsIssueId = useId();
  const set = (patch: Partial<KioskDraft>) => change({ ...kiosk, ...patch });
  const issue = (path: string) => issues[path];
  const operationsIssue = firstOf(issues, operationPaths);
  return (
    <>
      <Title order={2} size="h3">
        {t('admin.policies.kiosk')}
      </Title>
      <Checkbox label={t('admin.policies.kiosk.set')} checked={kiosk.set} disabled={!writable} onChange={(e) => set({ set: e.currentTarget.checked })} error={issue('kiosk')} />
      {!kiosk.set ? (
        <Text size="sm">{t('admin.policies.kiosk.notSet')}</Text>
      ) : (
        <>
          <NativeSelect
            label={t('kiosk.settings.country')}
            value={kiosk.country}
            data={[{ value: '', label: t('kiosk.settings.country.library') }, ...identityCountries.map((c) => ({ value: c, label: t(`kiosk.settings.country.${c}`) }))]}
            disabled={!writable}
            onChange={(e) => set({ country: e.currentTarget.value as KioskDraft['country'] })}
            error={issue('kiosk.country')}
          />
          <Checkbox
            label={t('kiosk.settings.allowTypedIdentity')}
            checked={kiosk.allowTypedIdentity}
            disabled={!writable}
            onChange={(e) => set({ allowTypedIdentity: e.currentTarget.checked })}
          />
          <NativeSelect
            label={t('kiosk.settings.pinPolicy')}
            value={kiosk.pinPolicy}
            data={(['required', 'none'] as const).map((p) => ({ value: p, label: t(`kiosk.settings.pin.${p}`) }))}
            disabled={!writable}
            onChange={(e) => set({ pinPolicy: e.currentTarget.value as KioskDraft['pinPolicy'] })}
            error={issue('kiosk.pinPolicy')}
          />
          <Fieldset legend={t('kiosk.settings.operations')}>
            <Stack gap="xs">
              {kioskOperations.map((op) => (
                <Checkbox
                  key={op}
                  label={t(operationLabels[op])}
                  checked={kiosk.operations[op]}
                  disabled={!writable}
                  aria-invalid={operationsIssue ? true : undefined}
                  aria-describedby={operationsIssue ? operationsIssueId : undefined}
                  onChange={(e) => set({ operations: { ...kiosk.operations, [op]: e.currentTarget.checked } })}
                />
              ))}
              <GroupIssue id={operationsIssueId} text={operationsIssue} />
            </Stack>
          </Fieldset>
          <NativeSelect
            label={t('kiosk.settings.receipt')}
            value={kiosk.receipt}
            data={kioskReceiptModes.map((m) => ({ value: m, label: t(`kiosk.settings.receipt.${m}`) }))}
            disabled={!writable}
            onChange={(e) => set({ receipt: e.currentTarget.value as KioskDraft['receipt'] })}
            error={issue('kiosk.receipt')}
          />
          {kioskNumberFields.map((field) => (
            <TextInput
              key={field}
              label={t(numberLabels[field])}
              inputMode="numeric"
              placeholder={String(defaultKioskSetting[field])}
              value={kiosk[field]}
              readOnly={!writable}
              onChange={(e) => set({ [field]: e.currentTarget.value })}
              error={issue(`kiosk.${field}`)}
            />
          ))}
          <NativeSelect
            label={t('kiosk.settings.patronId')}
            value={kiosk.patronId}
            data={(['card', 'identity'] as const).map((p) => ({ value: p, label: t(`kiosk.settings.patronId.${p}`) }))}
            disabled={!writable}
            onChange={(e) => set({ patronId: e.currentTarget.value as KioskDraft['patronId'] })}
            error={issue('kiosk.patronId')}
          />
        </>
      )}
    </>
  );
}

/**
 * Who the door admits by register type (the policy's `allowedCategories`): every type (unset, so types added later
 * too), or only the ticked ones.
 */
export function CategoryFields({
  categories,
  change,
  writable,
  issues,
}: {
  categories: RegisterType[] | null;
  change: (categories: RegisterType[] | null) => void;
  writable: boolean;
  issues: Issues;
}) {
  const { t } = useTranslation();
  const issueId = useId();
  const problem = firstOf(issues, categoryPaths);
  return (
    <Fieldset legend={t('admin.policies.categories')}>
      <Stack gap="xs">
        <Checkbox
          label={t('admin.policies.categories.all')}
          checked={categories === null}
          disabled={!writable}
          onChange={(e) => change(e.currentTarget.checked ? null : [...registerTypes])}
        />
        {categories !== null &&
          registerTypes.map((type) => (
            <Checkbox
              key={type}
              label={t(`desk.type.${type}`)}
              checked={categories.includes(type)}
              disabled={!writable}
              aria-invalid={problem ? true : undefined}
              aria-describedby={problem ? issueId : undefined}
              onChange={(e) => change(e.currentTarget.checked ? registerTypes.filter((r) => r === type || categories.includes(r)) : categories.filter((r) => r !== type))}
            />
          ))}
        {categories !== null && categories.length === 0 && <Text size="sm">{t('admin.policies.categories.nobody')}</Text>}
        <GroupIssue id={issueId} text={problem} />
      </Stack>
    </Fieldset>
  );
}
