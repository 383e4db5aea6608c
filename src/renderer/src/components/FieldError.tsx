import { useTranslation } from 'react-i18next';

/** A field's error: shared rules give i18n keys, zod gives text already in the page language. */
export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  const { t, i18n } = useTranslation();
  if (!message) return null;
  return (
    <span id={id} className="field-error" role="alert">
      {i18n.exists(message) ? t(message) : message}
    </span>
  );
}
