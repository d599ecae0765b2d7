// The receipt as it prints, beside the trade done, in training mode (培训模式, issue 20 item 8):
// the virtual printer has no paper to look at, so the trainee sees here, from trades.preview,
// exactly what the printer would print (the institution's copy and the customer's, at the paper's
// width). The preview is the Terminal's own HTML; it is shown in a sandboxed frame (no script, no
// link to this page), sized to its lines, scrolling inside its box so the new-trade key stays in
// sight. A live counter prints on paper and shows nothing here.
import { useEffect, useState } from 'react';
import type { TradeView } from '../../shared/api';
import { call } from '../api';
import { ErrorView } from '../components/ErrorView';
import type { ApiError } from '../api';
import { Bi } from '../i18n/i18n';

/** The preview's line height (14px × 1.5, printer/preview.ts) and what the cut and padding add. */
const LINE_PX = 21;
const EXTRA_PX = 64;

export function TrainingReceipt({ trade }: { trade: TradeView }) {
  const [preview, setPreview] = useState<{ html: string; lines: number }>();
  const [error, setError] = useState<ApiError>();
  useEffect(() => {
    let alive = true;
    setPreview(undefined);
    setError(undefined);
    void call('trades.preview', { receiptNo: trade.receiptNo }).then((r) => {
      if (!alive) return;
      if (!r.ok) return setError(r.error);
      setPreview({ html: r.value.html, lines: r.value.lines.institution.length + r.value.lines.customer.length });
    });
    return () => {
      alive = false;
    };
  }, [trade.receiptNo]);

  return (
    <section className="training-receipt" data-testid="training-receipt" aria-label="receipt preview">
      <h3>
        <Bi k="training.receiptTitle" />
      </h3>
      {error && <ErrorView error={error} testId="training-receipt-error" />}
      {preview && (
        <div className="training-receipt-paper">
          <iframe
            title="receipt"
            sandbox=""
            data-testid="training-receipt-frame"
            style={{ height: `${preview.lines * LINE_PX + EXTRA_PX}px` }}
            srcDoc={`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"></head><body style="margin:0;background:#fff">${preview.html}</body></html>`}
          />
        </div>
      )}
    </section>
  );
}
