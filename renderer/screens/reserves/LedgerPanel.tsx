// The month's reserve ledger (备付金交易电子台账, 第四十六条) on the reserves screen
// (renderer/screens/Reserves.tsx): laid out as the printed form (shared/reports/sheet.ts), to print
// and to export.
import { reserveLedgerSheet } from '../../../shared/reports/sheet';
import type { ReserveLedger } from '../../../shared/reports/types';
import type { ApiError } from '../../api';
import type { ReserveLedgerView } from '../../apiTypes';
import { ErrorView } from '../../components/ErrorView';
import { DateField } from '../../components/DateField';
import { ExportButtons } from '../../components/ExportButtons';
import { ReportView } from '../../components/ReportView';
import { useI18n } from '../../i18n/i18n';

export function LedgerPanel({ month, onMonth, ledger, error, onError }: {
  month: string;
  onMonth(month: string): void;
  /** The month's ledger as loaded; undefined until it comes, or when it could not be loaded. */
  ledger: ReserveLedgerView | undefined;
  error: ApiError | undefined;
  onError(error: ApiError | undefined): void;
}) {
  const { t } = useI18n();
  return (
    <section className="panel ledger print-area" data-testid="reserves-ledger">
      <div className="screen-head no-print">
        <h2>{t('reserves.ledgerTitle')}</h2>
        <div className="actions">
          <DateField kind="month" value={month} testId="ledger-month" onChange={onMonth} />
          <button type="button" data-testid="ledger-print" disabled={!ledger} onClick={() => window.print()}>
            {t('reports.print')}
          </button>
          <ExportButtons report="reserveLedger" params={{ month }} disabled={!ledger} onError={onError} />
        </div>
      </div>
      {error && <ErrorView error={error} testId="ledger-error" />}
      {ledger && ledger.lines.length === 0 && <p className="muted no-print">{t('reserves.ledgerEmpty')}</p>}
      {ledger && <ReportView sheet={reserveLedgerSheet(ledger as ReserveLedger)} testId="ledger-view" />}
    </section>
  );
}
