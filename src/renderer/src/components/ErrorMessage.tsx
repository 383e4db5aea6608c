import type { AppError } from '../../../shared/result';

/** Shows a main-process error as it came (already localized), with field issues when there are any. */
export function ErrorMessage({ error }: { error: AppError | undefined }) {
  if (!error) return null;
  return (
    <div role="alert" className="error">
      <p>{error.message}</p>
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path ? <code>{issue.path}</code> : null} {issue.message}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
