import { notifications } from '@mantine/notifications';
import { useEffect } from 'react';
import { i18n } from '../../i18n';
import { useDeskStore } from '../../stores/desk';

/** A confirmation that comes with a change of view ("Borrower registered.") as a toast. */
export function useDeskNotices(): void {
  useEffect(
    () =>
      useDeskStore.subscribe((state, previous) => {
        if (state.notice && state.view !== previous.view) toast(state.notice);
      }),
    [],
  );
}

/** A short confirmation in the corner, read out by screen readers; errors stay inline, next to what failed. */
export function toast(message: string): void {
  notifications.show({ message, color: 'green', withBorder: true, closeButtonProps: { 'aria-label': i18n.t('ui.close') } });
}

/** Takes the confirmations down, as when the screen changes language: they were written in the one before. */
export function clearToasts(): void {
  notifications.clean();
}
