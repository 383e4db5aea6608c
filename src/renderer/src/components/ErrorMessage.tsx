import { Alert, List } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/result';
import { fieldLabel } from '../../../shared/validation/issues';

/** Shows a main-process error as it came (already localized), with field issues named in words when there are any. */
export function ErrorMessage({ error }: { error: AppError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <Alert role="alert" color="red" variant="light" className="error" my="xs">
      <p>{error.message}</p>
      {error.issues && error.issues.length > 0 && (
        <List size="sm">
          {error.issues.map((issue) => {
            const where = fieldLabel(issue.path).map((part) => t(part.key, part.params)).join(' · ');
            return (
              <List.Item key={`${issue.path}:${issue.message}`} data-path={issue.path}>
                {where ? `${where}: ` : null}
                {issue.message}
              </List.Item>
            );
          })}
        </List>
      )}
    </Alert>
  );
}
