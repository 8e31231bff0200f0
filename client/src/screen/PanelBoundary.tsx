// A panel that fails to draw must not blank the screen: it is replaced by nothing and the rotation
// goes on; the next time the slide comes up it is tried again (the boundary is keyed by slide).
import { Component, type ReactNode } from 'react';

export class PanelBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError(): { failed: boolean } {
    return { failed: true };
  }

  componentDidCatch(error: unknown): void {
    console.error('screen panel failed', error);
  }

  render(): ReactNode {
    return this.state.failed ? <div className="panel panel-failed" /> : this.props.children;
  }
}
