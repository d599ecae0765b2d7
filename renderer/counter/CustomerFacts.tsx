// What the ledger and the monitoring system know of the customer found: residency, the day against
// the daily limit, the day's trades and attempts, the standing and the annual quota.
import type { QuoteView } from '../../shared/api';
import type { CustomerLookup } from '../apiTypes';
import { money, percent, time, usd } from '../format';
import { useI18n } from '../i18n/i18n';
import { useApp } from '../session';
import type { MessageKey } from '../i18n/messages';
import type { Direction } from './state';

type IdTypeName = { code: string; zh: string; en: string };

export function CustomerFacts({ found, idType, direction, quote }: { found: CustomerLookup; idType: IdTypeName | undefined; direction: Direction; quote: QuoteView | undefined }) {
  const { t, pick } = useI18n();
  return (
    <div className="customer-facts">
      <div data-testid="customer-residency">
        {t(found.residency === 'domestic' ? 'residency.domestic' : 'residency.foreign')}
        {idType && <span className="muted"> · {pick(idType)}</span>}
      </div>
      <DayBar day={found.today} direction={direction} quote={quote} />
      {found.today.trades.length > 0 && (
        <ul className="today-trades" data-testid="customer-today-trades">
          {found.today.trades.map((tr) => (
            <li key={tr.id} className={tr.status === 'void' ? 'void' : ''}>
              <span className="mono">#{tr.receiptText}</span> {time(tr.createdAt)} {t(tr.direction === 'settlement' ? 'settlement' : 'purchase')}{' '}
              <span className="mono">{money(tr.foreign)}</span>
              <span className="muted"> · {t('usdEquivalent')} USD {tr.usdEquivalentShown}</span>
              {tr.status === 'void' && <strong> {t('void.done')}</strong>}
            </li>
          ))}
        </ul>
      )}
      {found.today.attempts > 0 && <div className="warn-text">{t('customer.attempts', { n: found.today.attempts })}</div>}
      <Monitoring quote={quote} standing={found.monitoring} />
    </div>
  );
}

const STATUS_WORDS: Record<'normal' | 'prewatch' | 'watch', MessageKey> = { normal: 'monitoringStatus.normal', prewatch: 'preWatch', watch: 'watchList' };

/**
 * The person's standing in the monitoring system: as the last quote found it (for its trade type),
 * or, before a quote, as the lookup found it: the status and the annual quota left for settlement
 * and for purchase (个人外汇管理办法实施细则 第二条). Unknown offline; the counter works on.
 */
function Monitoring({ quote: mq, standing: s }: { quote: QuoteView | undefined; standing: CustomerLookup['monitoring'] }) {
  const { t } = useI18n();
  if (mq?.monitoring.online) {
    const m = mq.monitoring;
    // Issue 20 item 5: which quota — the quote asked for its own direction's (结汇 or 购汇).
    return (
      <div className="quota" data-testid="customer-quota" data-online="true" data-direction={mq.direction}>
        {t(mq.direction === 'settlement' ? 'customer.annualQuotaSettlement' : 'customer.annualQuotaPurchase', { used: usd(m.quotaUsedUsd), left: usd(m.quotaLeftUsd) })}
        <span className={`status-word status-${m.status}`}> · {t(STATUS_WORDS[m.status])}</span>
      </div>
    );
  }
  // The quote could not ask (or there is none yet): what the lookup found, if it found anything.
  if (!s.online) {
    return s.reason === 'notConfigured'
      ? <div className="muted small" data-testid="customer-quota" data-online="false" data-source="lookup">{t('customer.quotaNotConfigured')}</div>
      : <div className="warn-text small" data-testid="customer-quota" data-online="false">{t('customer.quotaOffline')}</div>;
  }
  return (
    <div className="quota" data-testid="customer-quota" data-online="true" data-source="lookup" data-status={s.status}>
      {t('customer.monitoringStatus')} <span className={`status-word status-${s.status}`}>{t(STATUS_WORDS[s.status])}</span>
      <div data-testid="customer-quota-left">
        <div>{t('customer.annualQuotaEach', { quota: usd(s.annualQuotaUsd) })}</div>
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('settlement')} <span className="mono" data-testid="customer-quota-settlement">USD {usd(s.settlement.quotaLeftUsd)}</span>
        </span>
        {' · '}
        <span style={{ whiteSpace: 'nowrap' }}>
          {t('purchase')} <span className="mono" data-testid="customer-quota-purchase">USD {usd(s.purchase.quotaLeftUsd)}</span>
        </span>
      </div>
    </div>
  );
}

/** The customer's day against the daily limit, as a bar with the figures. */
/**
 * The customer's day as this ledger holds it. At a counter of an institution's hub that is this
 * counter's day only, and says so: the other counters' trades are counted in the quote, which
 * says whether it could (第二十九条; QuoteBody's sources line).
 */
function DayBar({ day, direction, quote }: { day: CustomerLookup['today']; direction: Direction; quote: QuoteView | undefined }) {
  const { t } = useI18n();
  const hub = useApp().info?.hub !== undefined;
  // The quote that counted the other counters (the hub answered), if there is one yet.
  const counted = hub && quote?.institution.hub === 'online' ? { others: quote.institution, day: quote.day } : undefined;
  const width = percent(day.usdTotal, day.limit);
  const full = width === '100.0%';
  return (
    <div className="day-bar" data-testid="customer-day" data-scope={hub ? 'counter' : 'terminal'}>
      <div className="day-text">
        {t(hub ? 'customer.todayHere' : 'customer.today', { n: day.count })} <span className="mono" data-testid="customer-usd-total">USD {usd(day.usdTotal)}</span> / {usd(day.limit)}
      </div>
      {counted && (
        <div className="day-text" data-testid="customer-other-counters">
          {t('customer.todayOthers', { n: counted.others.otherCountersTrades })} <span className="mono">USD {usd(counted.others.otherCountersUsd)}</span>
        </div>
      )}
      <div className="bar" role="meter" aria-valuetext={`USD ${usd(day.usdTotal)} / ${usd(day.limit)}`} data-testid="customer-usd-bar">
        <div className={`bar-fill ${full ? 'full' : ''}`} style={{ width }} />
      </div>
      <div className="day-left">
        {counted ? (
          // The institution's figure, as the quote counted it: what is left after this trade.
          <>
            {t('customer.leftAfterQuote')} <span className="mono" data-testid="customer-remaining">USD {usd(counted.day.remainingAfter)}</span>
          </>
        ) : (
          <>
            {t(hub ? 'customer.leftTodayHere' : 'customer.leftToday')} <span className="mono" data-testid="customer-remaining">USD {usd(day.remaining[direction])}</span>
          </>
        )}
      </div>
    </div>
  );
}
