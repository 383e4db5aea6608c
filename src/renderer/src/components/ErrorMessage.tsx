import { Alert, List } from '@mantine/core';
import type { AppError } from '../../../shared/result';

/** Shows a main-process error as it came (already localized), with field issues when there are any. */
export function ErrorMessage({ error }: { error: AppError | undefined }) {
  if (!error) return null;
  return (
    <Alert role="alert" color="red" variant="light" className="error" my="xs">
      <p>{error.message}</p>
      {error.issues && error.issues.length > 0 && (
        <List size="sm">
          {error.issues.map((issue) => (
            <List.Item key={`${issue.path}:${issue.message}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </List.Item>
          ))}
        </List>
      )}
    </Alert>
  );
}
