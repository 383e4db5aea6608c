import { Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** A field's error in the page language: shared rules give i18n keys, zod gives text already translated. */
export function useFieldError(message: string | undefined): string | undefined {
  const { t, i18n } = useTranslation();
  if (!message) return undefined;
  return i18n.exists(message) ? t(message) : message;
}

/** An error for a group of fields (radio buttons) that has no one input to hang on. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const text = useFieldError(message);
  if (!text) return null;
  return (
    <Text id={id} c="red.8" fw={600} size="sm" role="alert">
      {text}
    </Text>
  );
}
