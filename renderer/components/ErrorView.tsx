// A refusal or a failed call, as the teller reads it: the Terminal's message in plain words,
// Chinese first and English beneath, and the code small (for support). Never a stack trace.
import type { ApiError } from '../api';
import { useI18n } from '../i18n/i18n';

export function ErrorView({ error, testId, big }: { error: ApiError; testId?: string; big?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={`error-view${big ? ' big' : ''}`} role="alert" data-testid={testId} data-code={error.code}>
      <div className="error-zh" lang="zh-CN">{error.message.zh}</div>
      <div className="error-en" lang="en">{error.message.en}</div>
      <div className="error-code">
        {t('error.codeLabel')} {error.code}
      </div>
    </div>
  );
}
