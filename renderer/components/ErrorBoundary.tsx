// A bug in a screen shows the catalogue's words and a way back, never a stack trace.
import { Component, type ReactNode } from 'react';
import { both } from '../i18n/i18n';

interface State {
  failed: boolean;
}

export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { failed: false };

  static getDerivedStateFromError(): State {
    return { failed: true };
  }

  override componentDidCatch(error: unknown): void {
    // For support only: the console, never the screen.
    console.error('renderer: a screen failed', error);
  }

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    const m = both('error.screen');
    return (
      <div className="screen-failed" role="alert" data-testid="screen-failed">
        <p lang="zh-CN">{m.zh}</p>
        <p lang="en">{m.en}</p>
        <button
          type="button"
          autoFocus
          onClick={() => {
            window.location.hash = '#/counter';
            this.setState({ failed: false });
          }}
        >
          {both('action.startAgain').zh} {both('action.startAgain').en}
        </button>
      </div>
    );
  }
}
