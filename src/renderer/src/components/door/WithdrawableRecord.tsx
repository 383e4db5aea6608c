import { Button, Group, Text } from '@mantine/core';
import type { FormEventHandler, ReactNode } from 'react';
import type { AppError } from '../../../../shared/result';
import { ErrorMessage } from '../ErrorMessage';
import { FormHeading } from '../FormHeading';

interface WithdrawableRecordProps {
  /** The heading's id, which names the section and its form. */
  id: string;
  testId: string;
  title: string;
  /** What is recorded, in words; null when nothing is. */
  given: string | null;
  withdrawLabel: string;
  onWithdraw: () => void;
  /** Said above the form when nothing is recorded. */
  none: string;
  recordLabel: string;
  onSubmit: FormEventHandler<HTMLFormElement>;
  /** The form's fields, before its record button. */
  children: ReactNode;
  error: AppError | undefined;
}

/** A door record desk staff give and withdraw (guardian consent, open-library opt-in): what is recorded with a withdraw button, or the form to record it. */
export function WithdrawableRecord({ id, testId, title, given, withdrawLabel, onWithdraw, none, recordLabel, onSubmit, children, error }: WithdrawableRecordProps) {
  return (
    <section aria-labelledby={id} data-testid={testId}>
      <FormHeading id={id} title={title} />
      {given !== null ? (
        <>
          <Text role="status" size="sm" mb={4}>
            {given}
          </Text>
          <Button type="button" variant="subtle" onClick={onWithdraw}>
            {withdrawLabel}
          </Button>
        </>
      ) : (
        <form onSubmit={onSubmit} noValidate aria-labelledby={id}>
          <Text size="sm" c="gray.7" mb={4}>
            {none}
          </Text>
          <Group align="flex-start" gap="xs">
            {children}
            <Button type="submit" variant="light" mt={24}>
              {recordLabel}
            </Button>
          </Group>
        </form>
      )}
      <ErrorMessage error={error} />
    </section>
  );
}
