import { Checkbox, Fieldset, NativeSelect, Stack } from '@mantine/core';
import type { FieldValues, Path, UseFormRegister } from 'react-hook-form';
import { useTranslation } from 'react-i18next';
import type { Response } from '../../../../shared/ipc/contract';
import { useReferenceNames } from '../../components/reference';

/** User groups (multi-select) and branch, the same at registration and when corrected on the borrower page. */
export function GroupBranchFields<F extends FieldValues & { groups: string[]; branchId: string }>({
  options,
  register,
}: {
  options: Response<'desk.options'>;
  register: UseFormRegister<F>;
}) {
  const { t } = useTranslation();
  const names = useReferenceNames();
  return (
    <>
      {options.groups.length > 0 && (
        <Fieldset legend={t('desk.field.groups')} variant="unstyled">
          <Stack gap={6}>
            {options.groups.map((g) => (
              <Checkbox key={g.code} value={g.code} label={names.group(g.code, g.name)} {...register('groups' as Path<F>)} />
            ))}
          </Stack>
        </Fieldset>
      )}
      {options.branches.length > 0 && (
        <NativeSelect
          label={t('desk.field.branch')}
          data={[{ value: '', label: t('desk.field.branchNone') }, ...options.branches.map((b) => ({ value: b.id, label: b.name }))]}
          {...register('branchId' as Path<F>)}
        />
      )}
    </>
  );
}
