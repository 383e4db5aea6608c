import '@mantine/core/styles.css';
import './admin.css';
import { MantineProvider } from '@mantine/core';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nextProvider } from 'react-i18next';
import { App } from './App';
import { i18n } from './i18n';
import { adminTheme } from './theme';

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root');
// No injected <style> (the CSP forbids inline styles): variables and classes come from the CSS files.
createRoot(root).render(
  <StrictMode>
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={adminTheme} withCssVariables={false} withGlobalClasses={false} forceColorScheme="light">
        <App />
      </MantineProvider>
    </I18nextProvider>
  </StrictMode>,
);
