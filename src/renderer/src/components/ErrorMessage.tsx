import { useTranslation } from 'react-i18next';
import type { AppError } from '../../../shared/result';
import { fieldLabel } from '../../../shared/validation/issues';

/** Shows a main-process error as it came (already localized), with field issues named in words when there are any. */
export function ErrorMessage({ error }: { error: AppError | undefined }) {
  const { t } = useTranslation();
  if (!error) return null;
  return (
    <div role="alert" className="error">
      <p>{error.message}</p>
      {error.issues && error.issues.length > 0 && (
        <ul>
          {error.issues.map((issue) => {
            const where = fieldLabel(issue.path).map((part) => t(part.key, part.params)).join(' · ');
            return (
              <li key={`${issue.path}:${issue.message}`} data-path={issue.path}>
                {where ? `${where}: ` : null}
                {issue.message}
              </li>
            );
          })}
        </ul>
      )}
    </div>
  );
}
