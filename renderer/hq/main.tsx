// HQ's console (issue 18), served by the hub (hub/console.ts): the same component kit, styles and
// zh/en catalogue as the counter, speaking to the hub's API (hubApi.ts), not to a Terminal.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { I18nProvider } from '../i18n/i18n';
import { Console } from './Console';
import '../styles/app.css';
import './hq.css';

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <Console />
    </I18nProvider>
  </StrictMode>,
);
