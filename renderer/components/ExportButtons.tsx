// XLSX and PDF of a report (reports.export): the Terminal makes the file from the same sheet the
// screen shows, and the browser saves it under the Terminal's file name.
import { useState } from 'react';
import type { Input } from '../../shared/api';
import { call, type ApiError } from '../api';
import { downloadBase64 } from '../backoffice';
import { useI18n } from '../i18n/i18n';

export function ExportButtons({
  report,
  params,
  disabled,
  onError,
}: {
  report: Input<'reports.export'>['report'];
  params: { from?: string; to?: string; month?: string; date?: string };
  disabled?: boolean;
  onError(e: ApiError | undefined): void;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'xlsx' | 'pdf'>();
  const run = async (format: 'xlsx' | 'pdf') => {
    setBusy(format);
    const r = await call('reports.export', { report, format, ...params });
    setBusy(undefined);
    if (!r.ok) return onError(r.error);
    onError(undefined);
    downloadBase64(r.value);
  };
  return (
    <>
      <button type="button" data-testid={`export-xlsx-${report}`} disabled={disabled || !!busy} onClick={() => void run('xlsx')}>
        {busy === 'xlsx' ? t('reports.exporting') : t('reports.downloadXlsx')}
      </button>
      <button type="button" data-testid={`export-pdf-${report}`} disabled={disabled || !!busy} onClick={() => void run('pdf')}>
        {busy === 'pdf' ? t('reports.exporting') : t('reports.downloadPdf')}
      </button>
    </>
  );
}
