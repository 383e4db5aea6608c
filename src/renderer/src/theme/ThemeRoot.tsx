import { DEFAULT_THEME, MantineProvider, mergeMantineTheme } from '@mantine/core';
import { DatesProvider } from '@mantine/dates';
import { Notifications } from '@mantine/notifications';
import { useLayoutEffect, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Language } from '../../../shared/ipc/contract';
import { dayjsLocale } from '../format';
import type { Brand } from './brand';
import { applyCssVariables } from './css-variables';
import { createAppTheme, type ThemeVariant } from './theme';

/**
 * The component library's context for the whole page: the library's brand, the staff or the high-contrast
 * variant, dates in the page language (dayjs sv/da/en) and the toasts.
 */
export function ThemeRoot({ brand, variant, children }: { brand: Brand; variant: ThemeVariant; children: ReactNode }) {
  const { i18n } = useTranslation();
  const theme = useMemo(() => createAppTheme(brand, variant), [brand, variant]);
  const scheme = variant === 'contrast' ? 'dark' : 'light';
  useLayoutEffect(() => applyCssVariables(mergeMantineTheme(DEFAULT_THEME, theme), scheme), [theme, scheme]);
  return (
    <MantineProvider theme={theme} forceColorScheme={scheme} withCssVariables={false} withGlobalClasses={false}>
      <DatesProvider settings={{ locale: dayjsLocale(i18n.language as Language), firstDayOfWeek: 1 }}>
        <Notifications position="top-right" autoClose={5000} />
        {children}
      </DatesProvider>
    </MantineProvider>
  );
}
