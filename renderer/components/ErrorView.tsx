// A refusal or a failed call, as the teller reads it: the Terminal's message in plain words,
// Chinese first and English beneath, and the code small (for support). Never a stack trace.
import type { Message } from '../../shared/errors';
import { useI18n } from '../i18n/i18n';

/**
 * What is shown of a refusal: an ApiError, or a quote's refusal (whose code the contract types as
 * a string). Shown only: a screen that branches on the code holds an ApiError.
 */
export interface ShownError {
  code: string;
  message: Message;
}

export function ErrorView({ error, testId, big }: { error: ShownError; testId?: string; big?: boolean }) {
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
