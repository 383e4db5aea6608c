import { Button } from '@mantine/core';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Progress, ProgressTask } from '../../../shared/ipc/contract';
import type { MessageKey } from '../../../shared/i18n/resources';
import { bridge } from '../bridge';
import { useProgressStore } from '../stores/progress';
import { localeOf } from '../format';

/** What a task counts (sync: changes; the settings import: steps; an export: borrowers). */
const countKeys: Record<ProgressTask, MessageKey> = {
  'sync.first': 'progress.count',
  'sync.resync': 'progress.count',
  'sync.update': 'progress.count',
  'settings.import': 'progress.count.settings.import',
  'export.borrowerList': 'progress.count.export.borrowerList',
};

/** The time left in words: seconds under a minute, else whole minutes (rounded up: "about 2 minutes" not 1 at 61 s). */
function useTimeLeft(): (progress: Progress) => string {
  const { t } = useTranslation();
  return (progress) => {
    if (progress.outcome === 'cancelled') return t('progress.cancelled');
    if (progress.outcome === 'failed') return t('progress.failed');
    if (progress.finished) return t('progress.finished');
    if (progress.remainingMs === null) return t('progress.left.estimating');
    const seconds = Math.max(1, Math.ceil(progress.remainingMs / 1000));
    return seconds < 60 ? t('progress.left.seconds', { count: seconds }) : t('progress.left.minutes', { count: Math.ceil(seconds / 60) });
  };
}

/** Progress of long work this screen started or waits for (done of total, time left), from main's `progress` events. */
export function TaskProgress({ tasks }: { tasks: readonly ProgressTask[] }) {
  const all = useProgressStore((s) => s.tasks);
  const shown = tasks.flatMap((task) => (all[task] ? [all[task]] : []));
  if (shown.length === 0) return null;
  return (
    <>
      {shown.map((progress) => (
        <TaskProgressLine key={progress.task} progress={progress} />
      ))}
    </>
  );
}

function TaskProgressLine({ progress }: { progress: Progress }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const timeLeft = useTimeLeft();
  const number = new Intl.NumberFormat(localeOf(i18n.language));
  // `count` picks the plural form; `total` is the number as shown (100,000 / 100 000).
  const count = t(countKeys[progress.task], { done: number.format(progress.done), total: number.format(progress.total), count: progress.total });
  const text = `${count} · ${timeLeft(progress)}`;
  return (
    <div
      className="task-progress"
      data-testid="task-progress"
      data-task={progress.task}
      data-finished={progress.finished}
      data-outcome={progress.outcome}
      data-done={progress.done}
      data-total={progress.total}
    >
      <span id={`${id}-label`}>{t(`progress.task.${progress.task}`)}</span>
      <progress aria-labelledby={`${id}-label`} aria-valuetext={text} max={Math.max(progress.total, 1)} value={progress.done} />
      <span role="status">{text}</span>
      {progress.cancellable && (
        <Button size="compact-sm" variant="default" onClick={() => void bridge.invoke('progress.cancel', { task: progress.task })}>
          {t('progress.cancel')}
        </Button>
      )}
    </div>
  );
}
